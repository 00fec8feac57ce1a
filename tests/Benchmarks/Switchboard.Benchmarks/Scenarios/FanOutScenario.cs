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

    public static async Task<List<StepResult>> RunAsync(SystemUnderTest system, BenchmarkSettings settings, TextWriter log)
    {
        await system.StartAsync(edgeOnly: false);
        var recorder = new DeliveryRecorder();
        var subscribers = await LoadRun.ConnectManyAsync(settings.Subscribers, i => system.SubscriberAsync($"sub{i}", Room, recorder));
        var publisher = await system.PublisherAsync("publisher", Room);
        var publishers = new[] { (publisher, Room) };
        var results = new List<StepResult>();
        try
        {
            // Warm-up (JIT, pools), not reported.
            await LoadRun.StepAsync(system, publishers, settings.FanOutRates[0] / settings.Subscribers, settings.Subscribers, settings.Step, settings.PayloadBytes, recorder, subscribers);
            await LoadRun.DrainAsync(recorder, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
            foreach (var rate in settings.FanOutRates)
            {
                var step = await LoadRun.StepAsync(system, publishers, rate / settings.Subscribers, settings.Subscribers, settings.Step, settings.PayloadBytes, recorder, subscribers);
                results.Add(step);
                log.WriteLine($"  {system.Name,-12} offered {step.OfferedPerSecond,10:N0}/s delivered {step.DeliveredPerSecond,10:N0}/s p99 {step.P99Ms,8:N1} ms cpu {step.ServerCpuPercent,5:N0}%");
                if (!step.Kept) break;
                await LoadRun.DrainAsync(recorder, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            await LoadRun.DisposeAllAsync([.. subscribers, publisher]);
        }

        return results;
    }
}
