using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Authorization;

/// <summary>Says at start-up that an edge with authenticated users checks no permissions (Open set explicitly).</summary>
internal sealed class OpenModeWarning(AccessPolicy policy, IOptions<Auth.AuthOptions> auth, ILogger<OpenModeWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // With Anonymous authentication the louder warning 2030 already says that nothing is protected.
        if (!policy.IsEnforced && auth.Value.IsJwt) EdgeLog.AuthorizationOpen(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
