using Switchboard.Benchmarks.Load;
using Switchboard.Benchmarks.Systems;

namespace Switchboard.Benchmarks.Scenarios;

/// <summary>
/// One room, N subscribers, one publisher at stepped rates, until saturation (delivered under 95 % of offered, or a
/// subscriber dropped). Sustained = the most delivered per second in a step kept with p99 within the limit.
/// </summary>
public static class FanOutScenario
{
    public const string Room = "bench";

    public static async Task<Dictionary<string, List<StepResult>>> RunAsync(IReadOnlyList<SystemUnderTest> systems, BenchmarkSettings settings, TextWriter log)
    {
        var contenders = new List<Contender>();
        try
        {
            foreach (var system in systems)
            {
                await system.StartAsync(edgeOnly: false);
                var recorder = new DeliveryRecorder();
                var subscribers = await LoadRun.ConnectManyAsync(settings.Subscribers, i => system.SubscriberAsync($"sub{i}", Room, recorder));
                // Several publisher connections share the rate round-robin: a connection's requests are answered
                // one at a time (docs/protocol.md §1), so one publisher is bounded by its round trip to the room.
                var publishers = new List<(LoadClient, string)>();
                for (var i = 0; i < settings.FanOutPublishers; i++) publishers.Add((await system.PublisherAsync($"publisher{i}", Room), Room));
                contenders.Add(new Contender(system, recorder, subscribers, publishers));
            }

            await Contender.ClimbAsync(contenders, settings.FanOutRates, settings.Subscribers, settings, log);
        }
        finally
        {
            foreach (var contender in contenders) await contender.DisposeLoadAsync();
        }

        return contenders.ToDictionary(c => c.System.Name, c => c.Steps);
    }
}
