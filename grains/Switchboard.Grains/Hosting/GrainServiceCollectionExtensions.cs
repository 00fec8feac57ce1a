using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.Grains.Calls;
using Switchboard.Grains.Logs;
using Switchboard.Grains.Logs.Redis;

namespace Switchboard.Grains.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the grains need on a silo: <see cref="LogOptions"/> bound from <c>Switchboard:Logs</c> and
    /// <see cref="CallOptions"/> from <c>Switchboard:Calls</c>, both
    /// validated at start, the in-memory log store unless another <see cref="ILogStore"/> is registered, and the clock.
    /// </summary>
    public static IServiceCollection AddSwitchboardGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LogOptions>().Bind(configuration.GetSection(LogOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LogOptions>, LogOptionsValidator>());
        services.AddOptions<CallOptions>().Bind(configuration.GetSection(CallOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallOptions>, CallOptionsValidator>());
        services.TryAddSingleton<ILogStore, MemoryLogStore>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Keeps logs in Redis (<see cref="RedisLogStore"/>) through one connection shared by the whole process, with
    /// every key under <paramref name="keyPrefix"/> (the cluster's ServiceId). Replaces any other log store.
    /// </summary>
    public static IServiceCollection AddSwitchboardRedisLogStore(this IServiceCollection services, ConfigurationOptions redis, string keyPrefix)
    {
        services.TryAddSingleton(_ => new RedisConnection(redis));
        services.RemoveAll<ILogStore>();
        services.AddSingleton<ILogStore>(sp => new RedisLogStore(
            sp.GetRequiredService<RedisConnection>(), keyPrefix, sp.GetRequiredService<IOptions<LogOptions>>().Value.UnwrittenLogExpiry));
        return services;
    }
}
