using Switchboard.Benchmarks.Load;
using Switchboard.Benchmarks.Systems;

namespace Switchboard.Benchmarks.Scenarios;

/// <summary>
/// One system with its load connected, inside a scenario that runs every system's step at a given rate before moving
/// to the next rate: interleaved so that the machine's drift over a long run (other tenants, thermal) lands on every
/// system alike and the ratios stay fair.
/// </summary>
public sealed class Contender(SystemUnderTest system, DeliveryRecorder recorder, List<LoadClient> receivers, List<(LoadClient Client, string Room)> publishers)
{
    public SystemUnderTest System { get; } = system;

    public DeliveryRecorder Recorder { get; } = recorder;

    public List<LoadClient> Receivers { get; } = receivers;

    public List<(LoadClient Client, string Room)> Publishers { get; } = publishers;

    public List<StepResult> Steps { get; } = new();

    public bool Saturated { get; set; }

    public Task<StepResult> StepAsync(double deliveriesPerSecond, int fanOut, TimeSpan duration, int payloadBytes) =>
        LoadRun.StepAsync(System, Publishers, deliveriesPerSecond / fanOut, fanOut, duration, payloadBytes, Recorder, Receivers);

    public Task DrainAsync() => LoadRun.DrainAsync(Recorder, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));

    /// <summary>Steps up the ladder, every contender per rate, until each saturates.</summary>
    public static async Task ClimbAsync(IReadOnlyList<Contender> contenders, double[] rates, int fanOut, BenchmarkSettings settings, TextWriter log)
    {
        foreach (var contender in contenders)
        {
            // Warm-up (JIT, pools), not reported.
            await contender.StepAsync(rates[0], fanOut, settings.Step, settings.PayloadBytes);
            await contender.DrainAsync();
        }

        foreach (var rate in rates)
        {
            foreach (var contender in contenders.Where(c => !c.Saturated))
            {
                var step = await contender.StepAsync(rate, fanOut, settings.Step, settings.PayloadBytes);
                contender.Steps.Add(step);
                log.WriteLine($"  {contender.System.Name,-12} offered {step.OfferedPerSecond,10:N0}/s delivered {step.DeliveredPerSecond,10:N0}/s p99 {step.P99Ms,8:N1} ms cpu {step.ServerCpuPercent,5:N0}%");
                contender.Saturated = !step.Kept;
                await contender.DrainAsync();
            }

            if (contenders.All(c => c.Saturated)) return;
        }
    }

    public async Task DisposeLoadAsync() => await LoadRun.DisposeAllAsync(Receivers.Concat(Publishers.Select(p => p.Client)).Distinct());
}
