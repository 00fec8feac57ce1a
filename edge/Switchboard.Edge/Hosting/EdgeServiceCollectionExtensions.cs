using Switchboard.Silo.Health;
using Switchboard.Silo.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchboard.Edge.Auth;
using Switchboard.Edge.Authorization;
using Switchboard.Edge.Calls;
using Switchboard.Edge.Connections;
using Switchboard.Edge.FanOut;
using Switchboard.Edge.Limits;
using Switchboard.Edge.Media;
using Switchboard.Edge.Protocol;
using Switchboard.Edge.Telemetry;
using Switchboard.Edge.Transports.Http;
using Switchboard.Edge.Transports.LongPolling;
using Switchboard.Edge.Transports.ServerSentEvents;
using Switchboard.Edge.Transports.WebSockets;

namespace Switchboard.Edge.Hosting;

public static class EdgeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the edge: <see cref="EdgeOptions"/> from <c>Switchboard:Edge</c> (validated at start), this edge's
    /// identity and observer, its feeds and lease renewal, and the protocol. Needs an Orleans client or co-hosted silo.
    /// </summary>
    public static IServiceCollection AddSwitchboardEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EdgeOptions>().Bind(configuration.GetSection(EdgeOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EdgeOptions>, EdgeOptionsValidator>());
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddSwitchboardLimits(configuration);
        services.TryAddSingleton<Authenticator>();
        services.TryAddSingleton<JwksUrlKeys>();
        services.AddHostedService(sp => sp.GetRequiredService<JwksUrlKeys>());
        services.AddHealthChecks().AddCheck<JwksUrlKeys>("signing-keys", tags: [HealthEndpoints.ReadyTag]);
        services.AddSwitchboardAuthorization(configuration);
        services.AddHostedService<AnonymousModeWarning>();
        services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>, TokenSafeLogging>();
        services.TryAddSingleton<EdgeMetrics>();
        services.TryAddSingleton<EdgeIdentity>();
        services.TryAddSingleton<LogFeeds>();
        services.TryAddSingleton<EdgeHub>();
        services.TryAddSingleton<ProtocolSessionFactory>();
        services.TryAddSingleton<CallParticipations>();
        services.AddOptions<TurnOptions>().Bind(configuration.GetSection(TurnOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TurnOptions>, TurnOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TurnCredentials>();
        services.AddSwitchboardMedia(configuration);
        services.TryAddSingleton<CallLeaseRenewalService>();
        services.AddHostedService(sp => sp.GetRequiredService<CallLeaseRenewalService>());
        services.TryAddSingleton<ProtocolRequests>();
        services.TryAddSingleton<ClusterCallRetry>();
        services.TryAddSingleton<ConnectionRegistry>();
        services.AddHostedService<DrainOnShutdown>();
        services.TryAddSingleton<LeaseRenewalService>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseRenewalService>());
        return services;
    }

    /// <summary>Maps the edge's endpoints: the WebSocket transport, HTTP requests, the health checks and <c>/metrics</c>.</summary>
    public static IEndpointRouteBuilder MapSwitchboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSwitchboardWebSockets();
        endpoints.MapSwitchboardHttpFrames();
        endpoints.MapSwitchboardServerSentEvents();
        endpoints.MapSwitchboardLongPolling();
        endpoints.MapSwitchboardHealth();
        endpoints.MapSwitchboardMetrics();
        return endpoints;
    }
}
