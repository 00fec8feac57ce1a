using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchboard.Edge.Media.Forwarding;
using Switchboard.Edge.Media.Ice;
using Switchboard.Edge.Media.Dtls;
using Switchboard.Media.Dtls;

namespace Switchboard.Edge.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>Registers the edge's media socket: <see cref="MediaOptions"/> from <c>Switchboard:Media</c> (validated at start), its metrics and its receive loop.</summary>
    public static IServiceCollection AddSwitchboardMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());
        services.TryAddSingleton<MediaMetrics>();
        services.TryAddSingleton<MediaSocket>();
        services.TryAddSingleton<MediaPeers>();
        services.TryAddSingleton<ForwardingTable>();
        services.TryAddSingleton<ForwardingMetrics>();
        services.TryAddSingleton<RetransmissionCache>();
        services.TryAddSingleton<NackResponder>();
        // The forwarder sends through the socket that calls it: resolved lazily to break the cycle.
        services.TryAddSingleton(sp => new Lazy<MediaSocket>(sp.GetRequiredService<MediaSocket>));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMediaDatagramHandler, RtpForwarder>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMediaDatagramHandler, IceBindingHandler>());
        services.TryAddSingleton<MediaCertificate>();
        services.TryAddSingleton<DtlsStatistics>();
        services.TryAddSingleton<MediaPeerFactory>();
        services.TryAddSingleton(sp => new Lazy<MediaPeerFactory>(sp.GetRequiredService<MediaPeerFactory>));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMediaDatagramHandler, DtlsHandler>());
        services.TryAddSingleton<Calls.KeyframeRequests>();
        services.TryAddSingleton<Calls.CallMedia>();
        services.TryAddSingleton(sp => new Lazy<Calls.CallMedia>(sp.GetRequiredService<Calls.CallMedia>));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMediaDatagramHandler, Rtcp.RtcpFeedbackHandler>());
        services.AddHostedService(sp => sp.GetRequiredService<MediaSocket>());
        return services;
    }
}
