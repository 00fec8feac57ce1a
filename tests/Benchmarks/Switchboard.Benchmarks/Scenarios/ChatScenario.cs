using Switchboard.Benchmarks.Load;
using Switchboard.Benchmarks.Systems;

namespace Switchboard.Benchmarks.Scenarios;

/// <summary>
/// Many rooms of M members; some members of each room publish, round-robin, to their own room. Stepped to saturation;
/// then one more step at half of the saturation rate (the most delivered in a step kept with p99 within the limit),
/// where latency is reported.
/// </summary>
public static class ChatScenario
{
    public sealed record Result(List<StepResult> Steps, StepResult? HalfSaturation);

    public static async Task<Dictionary<string, Result>> RunAsync(IReadOnlyList<SystemUnderTest> systems, BenchmarkSettings settings, TextWriter log)
    {
        var contenders = new List<Contender>();
        var results = new Dictionary<string, Result>();
        try
        {
            foreach (var system in systems)
            {
                await system.StartAsync(edgeOnly: false);
                var recorder = new DeliveryRecorder();
                var members = await LoadRun.ConnectManyAsync(settings.Rooms * settings.Members,
                    i => system.SubscriberAsync($"member{i}", RoomOf(i, settings), recorder));
                var publishers = Enumerable.Range(0, members.Count)
                    .Where(i => i % settings.Members < settings.PublishersPerRoom)
                    .Select(i => (members[i], RoomOf(i, settings)))
                    .ToList();
                contenders.Add(new Contender(system, recorder, members, publishers));
            }

            await Contender.ClimbAsync(contenders, settings.ChatRates, settings.Members, settings, log);
            foreach (var contender in contenders)
            {
                var saturation = Saturation(contender.Steps, settings);
                StepResult? half = null;
                if (saturation > 0 && contender.Receivers.All(m => m.IsOpen))
                {
                    half = await contender.StepAsync(saturation / 2, settings.Members, settings.Step * 2, settings.PayloadBytes);
                    log.WriteLine($"  {contender.System.Name,-12} half of {saturation:N0}/s: p50 {half.P50Ms:N2} ms p99 {half.P99Ms:N2} ms");
                }

                results[contender.System.Name] = new Result(contender.Steps, half);
            }
        }
        finally
        {
            foreach (var contender in contenders) await contender.DisposeLoadAsync();
        }

        return results;
    }

    public static double Saturation(IEnumerable<StepResult> steps, BenchmarkSettings settings) =>
        steps.Where(s => s.Sustained(settings.P99LimitMs)).Select(s => s.DeliveredPerSecond).DefaultIfEmpty(0).Max();

    private static string RoomOf(int member, BenchmarkSettings settings) => $"chat-{member / settings.Members}";
}
