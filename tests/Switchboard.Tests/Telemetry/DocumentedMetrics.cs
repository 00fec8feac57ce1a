using Switchboard.Benchmarks.Systems;

namespace Switchboard.Tests.Telemetry;

/// <summary>One row of the metrics table in docs/operations.md §6.</summary>
public sealed record DocumentedMetric(string Name, string PrometheusName, string Type, string Unit)
{
    /// <summary>The <c># TYPE</c> Prometheus gives an instrument of <see cref="Type"/>.</summary>
    public string PrometheusType => Type switch
    {
        "updowncounter" => "gauge",
        _ => Type,
    };
}

/// <summary>Reads the metrics table from docs/operations.md, so the tests check the code against what operators read.</summary>
public static class DocumentedMetrics
{
    public static IReadOnlyList<DocumentedMetric> Read()
    {
        var path = Path.Combine(new Repo().Root, "docs", "operations.md");
        var rows = File.ReadAllLines(path)
            .Where(line => line.StartsWith("| `switchboard.", StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Select(cells => new DocumentedMetric(
                Name: Unquote(cells[1].Replace("‡", "")),
                PrometheusName: Unquote(cells[2]),
                Type: cells[3],
                Unit: Unquote(cells[4])))
            .ToList();
        Assert.True(rows.Count >= 17, $"Found only {rows.Count} metric rows in {path}; is the table still there?");
        return rows;
    }

    private static string Unquote(string cell) => cell.Trim().Trim('`');
}
