using System.Diagnostics;
using Switchboard.Benchmarks.Load;
using Switchboard.Benchmarks.Systems;

namespace Switchboard.Benchmarks.Scenarios;

/// <summary>What the scenarios share: opening many connections, and running one paced, measured step.</summary>
public static class LoadRun
{
    private static long _sequence;

    /// <summary>Opens <paramref name="count"/> connections, <paramref name="parallel"/> at a time.</summary>
    public static async Task<List<LoadClient>> ConnectManyAsync(int count, Func<int, Task<LoadClient>> connect, int parallel = 100)
    {
        var clients = new LoadClient[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (i, _) => clients[i] = await connect(i));
        return clients.ToList();
    }

    /// <summary>
    /// Publishes at <paramref name="messagesPerSecond"/> in total, round-robin over <paramref name="publishers"/>, for
    /// <paramref name="duration"/>, and measures what the receivers got meanwhile. Each message is worth
    /// <paramref name="fanOut"/> deliveries. Offered is what was actually sent: a publisher the server does not
    /// read from cannot inflate it.
    /// </summary>
    public static async Task<StepResult> StepAsync(
        SystemUnderTest system,
        IReadOnlyList<(LoadClient Client, string Room)> publishers,
        double messagesPerSecond,
        int fanOut,
        TimeSpan duration,
        int payloadBytes,
        DeliveryRecorder recorder,
        IReadOnlyList<LoadClient> receivers)
    {
        var window = recorder.Open();
        var deliveredBefore = recorder.TotalDeliveries;
        var cpuBefore = system.Measured.CpuTime();
        var clock = Stopwatch.StartNew();
        long sent = 0;
        var total = (long)(duration.TotalSeconds * messagesPerSecond);
        // Runs until the step's time is up and its messages are all sent: a stalled thread catches up, it does not skip.
        while (clock.Elapsed < duration || sent < total)
        {
            var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * messagesPerSecond));
            while (sent < due)
            {
                var (client, room) = publishers[(int)(sent % publishers.Count)];
                if (client.IsOpen)
                {
                    await client.SendAsync(system.PublishFrame(room, SystemUnderTest.Payload(payloadBytes), Interlocked.Increment(ref _sequence)));
                }

                sent++;
            }

            await Task.Delay(1);
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var delivered = recorder.TotalDeliveries - deliveredBefore;
        var cpu = (system.Measured.CpuTime() - cpuBefore).TotalSeconds / elapsed * 100;
        recorder.Close();
        return new StepResult(
            system.Name,
            sent * (double)fanOut / elapsed,
            delivered / elapsed,
            window.Histogram.PercentileMs(50),
            window.Histogram.PercentileMs(99),
            window.Histogram.PercentileMs(99.9),
            window.Histogram.MaxMs,
            cpu,
            system.Measured.ResidentBytes() / 1024.0 / 1024.0,
            receivers.Count(r => !r.IsOpen));
    }

    /// <summary>Lets queued deliveries finish between steps, so one step's backlog does not count against the next.</summary>
    public static async Task DrainAsync(DeliveryRecorder recorder, TimeSpan quiet, TimeSpan max)
    {
        var clock = Stopwatch.StartNew();
        var last = recorder.TotalDeliveries;
        var quietSince = clock.Elapsed;
        while (clock.Elapsed < max)
        {
            await Task.Delay(50);
            var now = recorder.TotalDeliveries;
            if (now != last)
            {
                last = now;
                quietSince = clock.Elapsed;
            }
            else if (clock.Elapsed - quietSince >= quiet)
            {
                return;
            }
        }
    }

    public static async Task DisposeAllAsync(IEnumerable<LoadClient> clients)
    {
        foreach (var client in clients) await client.DisposeAsync();
    }
}
