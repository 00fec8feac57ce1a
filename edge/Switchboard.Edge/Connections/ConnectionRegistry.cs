using System.Collections.Concurrent;

namespace Switchboard.Edge.Connections;

/// <summary>The connections open on this edge, so shutdown can tell each one to reconnect elsewhere.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ClientConnection> _connections = new();

    public int Count => _connections.Count;

    public void Add(ClientConnection connection) => _connections[connection.Id] = connection;

    public void Remove(ClientConnection connection) => _connections.TryRemove(connection.Id, out _);

    public ClientConnection? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    /// <summary>Closes every open connection with <paramref name="code"/>; returns how many there were.</summary>
    public int CloseAll(int code, string reason)
    {
        var all = _connections.Values.ToArray();
        foreach (var connection in all) connection.Close(code, reason);
        return all.Length;
    }
}
