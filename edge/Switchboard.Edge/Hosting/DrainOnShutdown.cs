using Microsoft.Extensions.Options;
using Switchboard.Edge.Connections;
using Switchboard.Edge.Protocol;

namespace Switchboard.Edge.Hosting;

/// <summary>
/// Graceful drain: when the edge is asked to stop, every client is closed with 1001 (going away) so it reconnects to
/// another edge and resumes by cursor; stopping then waits, up to <c>CloseTimeout</c>, for the connections to finish.
/// </summary>
internal sealed class DrainOnShutdown(IHostApplicationLifetime lifetime, ConnectionRegistry connections, IOptions<EdgeOptions> options, ILogger<DrainOnShutdown> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            var count = connections.CloseAll(CloseCodes.GoingAway, "edge shutting down, reconnect and resume");
            EdgeLog.Draining(logger, count);
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.Value.CloseTimeout;
        while (connections.Count > 0 && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
