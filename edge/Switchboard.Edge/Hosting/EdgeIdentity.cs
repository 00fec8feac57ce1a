namespace Switchboard.Edge.Hosting;

/// <summary>This edge process's id, unique per process start: logs hold its subscribers under it.</summary>
public sealed class EdgeIdentity
{
    public string EdgeId { get; } = $"edge-{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();
}
