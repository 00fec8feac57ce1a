using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Switchboard.Benchmarks.Scenarios;
using Switchboard.Benchmarks.Systems;

namespace Switchboard.Benchmarks;

/// <summary>Runs the chosen scenarios against every chosen system in one run and writes a Markdown report with ratios.</summary>
public static class BenchmarkRunner
{
    public static async Task<string> RunAsync(BenchmarkSettings settings, TextWriter log)
    {
        var repo = new Repo();
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {MemoryGiB():N0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; " +
            $"{(settings.ServerGc ? "server" : "workstation")} GC for every server; load generator on the same machine; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        report.AppendLine();
        var all = settings.Scenario == "all";

        if (all || settings.Scenario == "fanout")
        {
            log.WriteLine($"fan-out: 1 room, {settings.Subscribers} subscribers");
            var results = await WithSystemsAsync(repo, settings, systems => FanOutScenario.RunAsync(systems, settings, log));

            report.AppendLine(CultureInfo.InvariantCulture, $"### Fan-out: 1 room, {settings.Subscribers:N0} subscribers, {settings.PayloadBytes} B payload, {settings.Step.TotalSeconds:0.#} s steps");
            report.AppendLine();
            AppendSteps(report, results.Values.SelectMany(r => r).OrderBy(s => s.System == "switchboard" ? 0 : s.System == "signalr" ? 1 : 2));
            var sustained = results.ToDictionary(r => r.Key, r => r.Value.Where(s => s.Sustained(settings.P99LimitMs)).Select(s => s.DeliveredPerSecond).DefaultIfEmpty(0).Max());
            AppendSummary(report, $"Sustained deliveries/s at p99 ≤ {settings.P99LimitMs:0} ms", sustained, "N0", higherIsBetter: true);
        }

        if (all || settings.Scenario == "chat")
        {
            log.WriteLine($"chat: {settings.Rooms} rooms x {settings.Members} members, {settings.PublishersPerRoom} publishers per room");
            var results = await WithSystemsAsync(repo, settings, systems => ChatScenario.RunAsync(systems, settings, log));

            report.AppendLine(CultureInfo.InvariantCulture, $"### Chat: {settings.Rooms} rooms × {settings.Members} members, {settings.PublishersPerRoom} publishers per room, {settings.PayloadBytes} B payload");
            report.AppendLine();
            AppendSteps(report, results.Values.SelectMany(r => r.Steps));
            report.AppendLine("At half of saturation:");
            report.AppendLine();
            AppendSteps(report, results.Values.Where(r => r.HalfSaturation is not null).Select(r => r.HalfSaturation!));
            var saturation = results.ToDictionary(r => r.Key, r => ChatScenario.Saturation(r.Value.Steps, settings));
            AppendSummary(report, $"Saturation: deliveries/s at p99 ≤ {settings.P99LimitMs:0} ms", saturation, "N0", higherIsBetter: true);
        }

        if (all || settings.Scenario == "idle")
        {
            log.WriteLine($"idle: up to {settings.Connections} connections");
            var results = new List<IdleScenario.Result>();
            foreach (var name in settings.Systems)
            {
                await using var system = Create(name, repo, settings);
                results.Add(await IdleScenario.RunAsync(system, settings, log));
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"### Idle connections: up to {settings.Connections:N0} (Switchboard: the edge process, its silo apart)");
            report.AppendLine();
            report.AppendLine("| system | " + string.Join(" | ", results[0].Points.Select(p => $"{p.Connections:N0} conn")) + " | KB per connection (slope) |");
            report.AppendLine("|---|" + string.Concat(results[0].Points.Select(_ => "---:|")) + "---:|");
            foreach (var r in results)
            {
                var cells = string.Join(" | ", r.Points.Select(p => p.RssMb.ToString("N1", CultureInfo.InvariantCulture) + " MB"));
                report.AppendLine(CultureInfo.InvariantCulture, $"| {r.System} | {cells} | {r.BytesPerConnection / 1024:N1} |");
            }

            report.AppendLine();
            AppendSummary(report, "Edge RSS per idle connection (KB)", results.ToDictionary(r => r.System, r => r.BytesPerConnection / 1024), "N1", higherIsBetter: false);
        }

        return report.ToString();
    }

    /// <summary>Runs <paramref name="scenario"/> with every chosen system created, and stops their servers after.</summary>
    private static async Task<T> WithSystemsAsync<T>(Repo repo, BenchmarkSettings settings, Func<IReadOnlyList<SystemUnderTest>, Task<T>> scenario)
    {
        var systems = settings.Systems.Select(name => Create(name, repo, settings)).ToList();
        try
        {
            return await scenario(systems);
        }
        finally
        {
            foreach (var system in systems) await system.DisposeAsync();
        }
    }

    private static SystemUnderTest Create(string name, Repo repo, BenchmarkSettings settings) => name switch
    {
        "switchboard" => new SwitchboardSystem(repo, settings.ServerGc),
        _ when ClusterShape.FromName(name) is { } shape => new SwitchboardSystem(repo, settings.ServerGc, shape),
        "signalr" => new SignalRSystem(repo, settings.ServerGc),
        "limit" => new LimitSystem(repo, settings.ServerGc),
        _ => throw new ArgumentException("Unknown system " + name),
    };

    private static void AppendSteps(StringBuilder report, IEnumerable<StepResult> steps)
    {
        report.AppendLine("| system | offered/s | delivered/s | p50 ms | p99 ms | p99.9 ms | max ms | server CPU % | server RSS MB | dropped |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in steps)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.System} | {s.OfferedPerSecond:N0} | {s.DeliveredPerSecond:N0} | {s.P50Ms:N2} | {s.P99Ms:N1} | {s.P999Ms:N1} | {s.MaxMs:N1} | {s.ServerCpuPercent:N0} | {s.ServerRssMb:N0} | {s.ClosedConnections} |");
        }

        report.AppendLine();
    }

    private static void AppendSummary(StringBuilder report, string what, Dictionary<string, double> values, string format, bool higherIsBetter)
    {
        var listed = string.Join(", ", values.Select(v => $"{v.Key} {v.Value.ToString(format, CultureInfo.InvariantCulture)}"));
        report.AppendLine(CultureInfo.InvariantCulture, $"{what}: {listed}.");
        if (values.TryGetValue("switchboard", out var ours))
        {
            foreach (var other in new[] { "signalr", "limit" })
            {
                if (!values.TryGetValue(other, out var theirs)) continue;
                var ratio = theirs == 0 ? double.NaN : ours / theirs;
                report.AppendLine(CultureInfo.InvariantCulture, $"- Switchboard/{(other == "signalr" ? "SignalR" : "limit")}: **{ratio:0.00}×**{(higherIsBetter ? "" : " (lower is better)")}");
            }
        }

        // Scale-out: every cluster shape against the one-silo, one-edge cluster measured in the same run.
        if (values.TryGetValue("switchboard-1s1e", out var single))
        {
            foreach (var (name, value) in values.Where(v => v.Key.StartsWith("switchboard-", StringComparison.Ordinal) && v.Key != "switchboard-1s1e"))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"- {name}/switchboard-1s1e: **{(single == 0 ? double.NaN : value / single):0.00}×**");
            }
        }

        report.AppendLine();
    }

    private static double MemoryGiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0 / 1024.0;
    }
}
