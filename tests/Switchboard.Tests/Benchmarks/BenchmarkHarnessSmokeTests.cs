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

    [Fact]
    public async Task ScaleOutSmokeRun_DrivesClusterShapesOnRedis_AndReportsTheirRatioToOneSiloOneEdge()
    {
        var log = new StringWriter();
        var settings = BenchmarkSettings.Parse(["fanout", "--smoke", "--systems", "switchboard-1s1e,switchboard-2s2e", "--fanout-publishers", "2"]);
        var report = await BenchmarkRunner.RunAsync(settings, log).WaitAsync(TimeSpan.FromMinutes(5));

        foreach (var system in new[] { "switchboard-1s1e", "switchboard-2s2e" })
        {
            var rows = report.Split('\n').Where(l => l.StartsWith($"| {system} |", StringComparison.Ordinal)).ToArray();
            Assert.True(rows.Length > 0, $"No row for {system} in:\n{report}\n{log}");
            Assert.All(rows, row => Assert.True(double.Parse(row.Split('|')[3].Trim().Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture) > 0, $"{system} delivered nothing: {row}"));
        }

        Assert.Contains("switchboard-2s2e/switchboard-1s1e: **", report);
    }

    [Fact]
    public void UnknownClusterShape_IsRefusedWithTheUsage()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchmarkSettings.Parse(["fanout", "--systems", "switchboard-0s2e"]));
        Assert.Contains("Unknown system(s): switchboard-0s2e", error.Message);
    }
}
