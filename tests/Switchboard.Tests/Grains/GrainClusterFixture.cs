using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using Switchboard.Grains;
using Switchboard.Grains.Hosting;
using Switchboard.Grains.Logs;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Grains;

/// <summary>
/// One in-process silo with the Switchboard grains, configured through <c>Switchboard:Logs</c> exactly as the silo
/// host binds it, and a <see cref="ManualTimeProvider"/> as the grains' clock. Orleans' own background loops stay on
/// real time, so advancing the manual clock only moves what the grains see as "now" (leases, dedupe, history age).
/// Derived fixtures pick the <see cref="LogOptions"/>; each test class gets its own cluster and clock.
/// </summary>
public abstract class GrainClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    protected GrainClusterFixture(LogOptions options)
    {
        Options = options;
    }

    /// <summary>The options the silo was configured with.</summary>
    public LogOptions Options { get; }

    /// <summary>The grains' clock. Only tests of the owning class move it, and they run one at a time.</summary>
    public ManualTimeProvider Clock { get; } = new();

    /// <summary>The silo's log store, for tests that write behind a grain's back (another activation of its log).</summary>
    public MemoryLogStore Store { get; } = new();

    /// <summary>What the grains logged, Debug and up.</summary>
    public RecordingLoggerProvider Logs { get; } = new();

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(ToSettings(Options)).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.State);
            // Before AddSwitchboardGrains, whose TryAdd would otherwise register the system clock.
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.AddSingleton<ILogStore>(Store);
            silo.Services.AddLogging(logging => logging.AddProvider(Logs).AddFilter<RecordingLoggerProvider>("Switchboard", LogLevel.Debug));
            // Keep membership, messaging, directory and activation collection on real time.
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddSwitchboardGrains(configuration);
        });

        _cluster = builder.Build();
        await _cluster.DeployAsync().WaitAsync(Timeouts.ClusterStart);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync().AsTask().WaitAsync(Timeouts.ClusterStop);
        }
    }

    /// <summary>The settings as they would appear in appsettings.json, so the real binding path is exercised.</summary>
    private static Dictionary<string, string?> ToSettings(LogOptions o)
    {
        static string Key(string name) => $"{LogOptions.Section}:{name}";
        return new Dictionary<string, string?>
        {
            [Key(nameof(LogOptions.HistoryMaxEntries))] = o.HistoryMaxEntries.ToString(CultureInfo.InvariantCulture),
            [Key(nameof(LogOptions.HistoryMaxAge))] = o.HistoryMaxAge.ToString("c", CultureInfo.InvariantCulture),
            [Key(nameof(LogOptions.DedupeWindow))] = o.DedupeWindow.ToString("c", CultureInfo.InvariantCulture),
            [Key(nameof(LogOptions.DedupeMaxEntries))] = o.DedupeMaxEntries.ToString(CultureInfo.InvariantCulture),
            [Key(nameof(LogOptions.ReadMaxEntries))] = o.ReadMaxEntries.ToString(CultureInfo.InvariantCulture),
            [Key(nameof(LogOptions.EdgeLeaseDuration))] = o.EdgeLeaseDuration.ToString("c", CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>Appends and reads: a history big enough for the concurrency test and a small read page to force paging.</summary>
public sealed class AppendClusterFixture() : GrainClusterFixture(new LogOptions
{
    HistoryMaxEntries = 10_000,
    HistoryMaxAge = TimeSpan.FromHours(24),
    DedupeWindow = TimeSpan.FromMinutes(5),
    ReadMaxEntries = 100,
});

/// <summary>Small history bounds, by count and by age.</summary>
public sealed class HistoryClusterFixture() : GrainClusterFixture(new LogOptions
{
    HistoryMaxEntries = 10,
    HistoryMaxAge = TimeSpan.FromHours(1),
    ReadMaxEntries = 500,
});

/// <summary>
/// Subscribers, presence and fan-out. A 3 s lease makes the grains' expiry sweep (every lease/3 of real time) run
/// every second, so an expired lease is noticed quickly once the manual clock has been moved past it.
/// </summary>
public sealed class EdgeClusterFixture() : GrainClusterFixture(new LogOptions
{
    EdgeLeaseDuration = TimeSpan.FromSeconds(3),
    ReadMaxEntries = 500,
});
