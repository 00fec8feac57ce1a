using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Auth;

/// <summary>Says loudly, at start-up, that an edge in Anonymous mode authenticates nobody.</summary>
internal sealed class AnonymousModeWarning(IOptions<AuthOptions> options, ILogger<AnonymousModeWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.IsAnonymous) EdgeLog.AnonymousMode(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
