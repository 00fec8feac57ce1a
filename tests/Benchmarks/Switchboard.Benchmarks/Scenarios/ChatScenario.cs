using Switchboard.Benchmarks.Load;
using Switchboard.Benchmarks.Systems;

namespace Switchboard.Benchmarks.Scenarios;

/// <summary>
/// Many rooms of M members; some members of each room publish, round-robin, to their own room. Stepped to saturation,
/// then one more step at half the sustained rate, where latency is reported.
/// </summary>
public static class ChatScenario
{
    public sealed record Result(List<StepResult> Steps, StepResult? HalfSaturation);

    public static async Task<Result> RunAsync(SystemUnderTest system, BenchmarkSettings settings, TextWriter log)
    {
        await system.StartAsync(edgeOnly: false);
        var recorder = new DeliveryRecorder();
        var members = await LoadRun.ConnectManyAsync(settings.Rooms * settings.Members,
            i => system.SubscriberAsync($"member{i}", RoomOf(i, settings), recorder));
        var publishers = Enumerable.Range(0, settings.Rooms * settings.Members)
            .Where(i => i % settings.Members < settings.PublishersPerRoom)
            .Select(i => (members[i], RoomOf(i, settings)))
            .ToList();
        var steps = new List<StepResult>();
        StepResult? half = null;
        try
        {
            await LoadRun.StepAsync(system, publishers, settings.ChatRates[0] / settings.Members, settings.Members, settings.Step, settings.PayloadBytes, recorder, members);
            await LoadRun.DrainAsync(recorder, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
            foreach (var rate in settings.ChatRates)
            {
                var step = await LoadRun.StepAsync(system, publishers, rate / settings.Members, settings.Members, settings.Step, settings.PayloadBytes, recorder, members);
                steps.Add(step);
                log.WriteLine($"  {system.Name,-12} offered {step.OfferedPerSecond,10:N0}/s delivered {step.DeliveredPerSecond,10:N0}/s p99 {step.P99Ms,8:N1} ms cpu {step.ServerCpuPercent,5:N0}%");
                if (!step.Kept) break;
                await LoadRun.DrainAsync(recorder, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
            }

            var saturation = steps.Where(s => s.Kept).Select(s => s.DeliveredPerSecond).DefaultIfEmpty(0).Max();
            if (saturation > 0 && members.All(m => m.IsOpen))
            {
                await LoadRun.DrainAsync(recorder, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
                half = await LoadRun.StepAsync(system, publishers, saturation / 2 / settings.Members, settings.Members, settings.Step * 2, settings.PayloadBytes, recorder, members);
                log.WriteLine($"  {system.Name,-12} half of {saturation:N0}/s: p50 {half.P50Ms:N2} ms p99 {half.P99Ms:N2} ms");
            }
        }
        finally
        {
            await LoadRun.DisposeAllAsync(members);
        }

        return new Result(steps, half);
    }

    private static string RoomOf(int member, BenchmarkSettings settings) => $"chat-{member / settings.Members}";
}
