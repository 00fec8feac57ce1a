using System.Globalization;

namespace Switchboard.Tests.Telemetry;

/// <summary>
/// A Prometheus text-format scrape (version 0.0.4): the <c># TYPE</c> of every family and every sample with its
/// labels. Enough to check names, types and values; not a general parser (no escapes in label values).
/// </summary>
public sealed class PrometheusScrape
{
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = new();

    public PrometheusScrape(string text)
    {
        Text = text;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                _types[parts[2]] = parts[3];
                continue;
            }

            if (line.StartsWith('#')) continue;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            string name;
            string rest;
            var brace = line.IndexOf('{');
            if (brace >= 0)
            {
                name = line[..brace];
                var close = line.IndexOf('}', brace);
                foreach (var pair in line[(brace + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=');
                    labels[pair[..eq]] = pair[(eq + 1)..].Trim('"');
                }

                rest = line[(close + 1)..].Trim();
            }
            else
            {
                var space = line.IndexOf(' ');
                name = line[..space];
                rest = line[(space + 1)..].Trim();
            }

            var value = rest.Split(' ')[0];
            _samples.Add((name, labels, value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, CultureInfo.InvariantCulture),
            }));
        }
    }

    public string Text { get; }

    /// <summary>The families' names and their <c># TYPE</c> (counter, gauge, histogram, …).</summary>
    public IReadOnlyDictionary<string, string> Types => _types;

    /// <summary>The sum of every sample named <paramref name="name"/> whose labels include <paramref name="labels"/> (<c>key=value</c>); null when there is none.</summary>
    public double? Sum(string name, params string[] labels)
    {
        var matching = _samples.Where(s => s.Name == name && labels.All(l =>
        {
            var eq = l.IndexOf('=');
            return s.Labels.TryGetValue(l[..eq], out var v) && v == l[(eq + 1)..];
        })).ToList();
        return matching.Count == 0 ? null : matching.Sum(s => s.Value);
    }
}
