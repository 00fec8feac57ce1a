using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Authorization;

public static class AuthorizationServiceCollectionExtensions
{
    /// <summary>Registers room and direct-message permissions: <see cref="AuthorizationOptions"/> from <c>Switchboard:Authorization</c>, validated at start.</summary>
    public static IServiceCollection AddSwitchboardAuthorization(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthorizationOptions>().Bind(configuration.GetSection(AuthorizationOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthorizationOptions>, AuthorizationOptionsValidator>());
        services.TryAddSingleton<AuthorizationHook>();
        services.TryAddSingleton<AccessPolicy>();
        services.AddHostedService<OpenModeWarning>();
        return services;
    }
}
