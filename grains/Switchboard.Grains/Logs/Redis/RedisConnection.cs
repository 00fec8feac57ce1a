using StackExchange.Redis;

namespace Switchboard.Grains.Logs.Redis;

/// <summary>
/// The one Redis connection (a multiplexer: one socket, pipelined, thread-safe) that every log of this process shares.
/// It connects on first use and keeps reconnecting by itself; a silo started while Redis is briefly unreachable does
/// not fail, its log calls do until Redis is back. Registered as a singleton and disposed with the host.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly ConfigurationOptions _options;
    private readonly object _gate = new();
    private Task<ConnectionMultiplexer>? _connecting;
    private bool _disposed;

    public RedisConnection(ConfigurationOptions options)
    {
        _options = options.Clone();
        // Keep retrying in the background instead of failing the first caller for good.
        _options.AbortOnConnectFail = false;
    }

    public async Task<IDatabase> GetDatabaseAsync()
    {
        var multiplexer = await ConnectAsync().ConfigureAwait(false);
        return multiplexer.GetDatabase();
    }

    private Task<ConnectionMultiplexer> ConnectAsync()
    {
        var connecting = _connecting;
        if (connecting is { IsFaulted: false, IsCanceled: false }) return connecting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectionMultiplexer.ConnectAsync(_options);
            }

            return _connecting;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>? connecting;
        lock (_gate)
        {
            _disposed = true;
            connecting = _connecting;
        }

        if (connecting is null) return;
        try
        {
            await (await connecting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Never connected: nothing to close.
        }
    }
}
