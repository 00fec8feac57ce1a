using System.Text.Json;

namespace Switchboard.Client;

/// <summary>
/// How a <see cref="SwitchboardClient"/> connects, reconnects and times out. The defaults match the browser client
/// (switchboard.js). Checked when the client is created: every problem is listed in one <see cref="ArgumentException"/>.
/// </summary>
public sealed class SwitchboardClientOptions
{
    /// <summary>The backoff's first step. The n-th retry waits a random time between half and all of min(max, min·2ⁿ).</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The backoff's ceiling, so a client never waits longer than this between attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a request may wait for its reply, across reconnects, before it fails with
    /// <see cref="SwitchboardErrorCodes.Timeout"/>. <see cref="Timeout.InfiniteTimeSpan"/> waits until the client closes.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a protocol <c>ping</c> is sent, so a connection that died silently (no FIN) is noticed.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection may stay silent (no frame at all) before it is given up and replaced.</summary>
    public TimeSpan SilenceLimit { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>How long one attempt may take from opening the socket to the edge's <c>welcome</c>.</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A stable id of this device or app install (room/user naming rules). With it the edge keeps this device's
    /// cursors (docs/protocol.md §12) and the <c>AcknowledgeProcessedAsync</c> methods work.
    /// </summary>
    public string? Device { get; init; }

    /// <summary>
    /// The access token (a JWT) for an edge in Jwt mode, sent as <c>Authorization: Bearer</c> on every WebSocket
    /// upgrade. For tokens that expire while the client runs, use <see cref="TokenProvider"/> instead.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>
    /// Returns a fresh access token. Called before every connection attempt, and again shortly before the token in use
    /// expires (its <c>exp</c>): the new token is sent as a <c>refresh</c> frame, so the connection is not closed with
    /// 4004. A hello refused <c>unauthorized</c> is retried once with a newly fetched token; a second refusal is final.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; init; }

    /// <summary>An inbox cursor saved from an earlier run: the first <c>hello</c> resumes the inbox after it.</summary>
    public LogCursor? InboxCursor { get; init; }

    /// <summary>How many times a request answered <c>unavailable</c> (the cluster was slow) is re-sent before it fails.</summary>
    public int MaxUnavailableRetries { get; init; } = 3;

    /// <summary>
    /// How many events may wait in <see cref="SwitchboardClient.Events"/>. When the app falls this far behind, the client
    /// stops reading the socket until it catches up (so memory stays bounded); the edge may then close the connection as
    /// a slow consumer, and the client resumes by cursor without losing anything.
    /// </summary>
    public int EventBufferCapacity { get; init; } = 10_000;

    /// <summary>Serializes the payloads given to the generic <c>PublishAsync&lt;T&gt;</c>/<c>DirectAsync&lt;T&gt;</c>.</summary>
    public JsonSerializerOptions SerializerOptions { get; init; } = JsonSerializerOptions.Web;

    /// <summary>Throws one <see cref="ArgumentException"/> naming every setting that is out of range.</summary>
    internal void Validate()
    {
        var problems = new List<string>();
        if (MinReconnectDelay <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(MinReconnectDelay)} must be positive (was {MinReconnectDelay}).");
        }

        if (MaxReconnectDelay < MinReconnectDelay)
        {
            problems.Add($"{nameof(MaxReconnectDelay)} ({MaxReconnectDelay}) must be at least {nameof(MinReconnectDelay)} ({MinReconnectDelay}).");
        }

        if (RequestTimeout <= TimeSpan.Zero && RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"{nameof(RequestTimeout)} must be positive or Timeout.InfiniteTimeSpan (was {RequestTimeout}).");
        }

        if (PingInterval <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(PingInterval)} must be positive (was {PingInterval}).");
        }

        if (SilenceLimit <= PingInterval)
        {
            problems.Add($"{nameof(SilenceLimit)} ({SilenceLimit}) must be longer than {nameof(PingInterval)} ({PingInterval}), or a healthy connection would be dropped between two pings.");
        }

        if (OpenTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(OpenTimeout)} must be positive (was {OpenTimeout}).");
        }

        if (Device is not null && !Names.IsValid(Device))
        {
            problems.Add($"{nameof(Device)} '{Device}' is invalid: {Names.Rule}");
        }

        if (InboxCursor is { } inbox && (inbox.Seq < 0 || string.IsNullOrEmpty(inbox.Epoch)))
        {
            problems.Add($"{nameof(InboxCursor)} needs a seq of at least 0 and its epoch (was {inbox.Seq}, '{inbox.Epoch}').");
        }

        if (MaxUnavailableRetries < 0)
        {
            problems.Add($"{nameof(MaxUnavailableRetries)} must be 0 or more (was {MaxUnavailableRetries}).");
        }

        if (EventBufferCapacity < 1)
        {
            problems.Add($"{nameof(EventBufferCapacity)} must be at least 1 (was {EventBufferCapacity}).");
        }

        if (Token is not null && TokenProvider is not null)
        {
            problems.Add($"Set {nameof(Token)} or {nameof(TokenProvider)}, not both.");
        }

        if (Token is { Length: 0 })
        {
            problems.Add($"{nameof(Token)} must not be empty.");
        }

        if (SerializerOptions is null)
        {
            problems.Add($"{nameof(SerializerOptions)} must not be null.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid SwitchboardClientOptions: " + string.Join(" ", problems), "options");
        }
    }
}
