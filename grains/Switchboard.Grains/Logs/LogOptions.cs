namespace Switchboard.Grains.Logs;

/// <summary>Bounds and windows of every log (rooms and inboxes). Section <c>Switchboard:Logs</c>.</summary>
public sealed class LogOptions
{
    public const string Section = "Switchboard:Logs";

    /// <summary>Most entries a log retains; older ones are trimmed. Default 1,000.</summary>
    public int HistoryMaxEntries { get; set; } = 1_000;

    /// <summary>Oldest entry a log retains. Default 24 hours.</summary>
    public TimeSpan HistoryMaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a client message id is remembered for retries. Default 5 minutes.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most client message ids remembered per log, whatever their age. Default 10,000.</summary>
    public int DedupeMaxEntries { get; set; } = 10_000;

    /// <summary>Most entries one read returns. Default 500.</summary>
    public int ReadMaxEntries { get; set; } = 500;

    /// <summary>Most device cursors a user keeps (devices × logs); the oldest saved goes first. Default 1,000.</summary>
    public int DeviceCursorsPerUser { get; set; } = 1_000;

    /// <summary>
    /// Redis store: how long a room or inbox that was only opened or read, never written, is kept after its last use.
    /// Bounds what clients that name random rooms can leave behind. Default 1 h.
    /// </summary>
    public TimeSpan UnwrittenLogExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an edge stays registered with a log without renewing. Default 60 seconds.</summary>
    public TimeSpan EdgeLeaseDuration { get; set; } = TimeSpan.FromSeconds(60);
}
