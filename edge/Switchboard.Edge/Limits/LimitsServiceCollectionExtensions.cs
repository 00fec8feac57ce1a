using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Limits;

public static class LimitsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="LimitsOptions"/> from <c>Switchboard:Limits</c> (validated at start) and <see cref="EdgeLimits"/>.</summary>
    public static IServiceCollection AddSwitchboardLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<LimitsMetrics>();
        services.TryAddSingleton(sp => new EdgeLimits(sp.GetRequiredService<IOptions<LimitsOptions>>(), sp.GetRequiredService<LimitsMetrics>()));
        return services;
    }
}
