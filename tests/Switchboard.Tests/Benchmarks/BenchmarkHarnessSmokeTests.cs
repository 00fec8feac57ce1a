using Switchboard.Benchmarks;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Benchmarks;

/// <summary>
/// Runs every benchmark scenario against all three systems at toy sizes, so the harness cannot rot. It measures
/// nothing: it only checks that each system produced figures and the report carries the ratios.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class BenchmarkHarnessSmokeTests
{
    private static readonly string[] Systems = ["switchboard", "signalr", "limit"];

    [Fact]
    public async Task SmokeRun_ProducesFiguresForAllThreeSystems_InEveryScenario()
    {
        var log = new StringWriter();
        var report = await BenchmarkRunner.RunAsync(BenchmarkSettings.Parse(["all", "--smoke"]), log).WaitAsync(TimeSpan.FromMinutes(5));

        var sections = report.Split("### ", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.Equal(3, sections.Length);
        Assert.StartsWith("Fan-out", sections[0]);
        Assert.StartsWith("Chat", sections[1]);
        Assert.StartsWith("Idle", sections[2]);
        foreach (var section in sections)
        {
            foreach (var system in Systems)
            {
                var rows = section.Split('\n').Where(l => l.StartsWith($"| {system} |", StringComparison.Ordinal)).ToArray();
                Assert.True(rows.Length > 0, $"No row for {system} in:\n{section}\n{log}");
                // Every step delivered something: the load reached the system and came back. (Idle rows hold memory.)
                if (section.StartsWith("Idle", StringComparison.Ordinal)) continue;
                foreach (var row in rows)
                {
                    var delivered = double.Parse(row.Split('|')[3].Trim().Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(delivered > 0, $"{system} delivered nothing: {row}");
                }
            }

            Assert.Contains("Switchboard/SignalR: **", section);
            Assert.Contains("Switchboard/limit: **", section);
        }
    }
}
