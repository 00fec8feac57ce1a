namespace Switchboard.Client;

/// <summary>Where a <see cref="SwitchboardClient"/> is in its life. Only <see cref="Closed"/> is final.</summary>
public enum ConnectionState
{
    /// <summary>Created, <see cref="SwitchboardClient.ConnectAsync(Uri, string, CancellationToken)"/> not called yet.</summary>
    Idle,

    /// <summary>The first connection is being opened (and retried, while the edge cannot be reached).</summary>
    Connecting,

    /// <summary>Welcomed by an edge: requests go out at once.</summary>
    Connected,

    /// <summary>The connection was lost; the client waits for its backoff delay, then opens a new one and resumes.</summary>
    Reconnecting,

    /// <summary>Disposed, refused by the edge, or closed with a final close code: nothing more will happen.</summary>
    Closed,
}
