using System.Text.Json.Nodes;

namespace Switchboard.Tests.Deploy;

/// <summary>The values a render used: the chart's values.yaml with a value set's file merged over it, as Helm does.</summary>
internal sealed class HelmValueSet
{
    private readonly JsonObject _values;

    public HelmValueSet(string set)
    {
        Name = set;
        _values = Yaml.File(Path.Combine(HelmRunner.ChartPath, "values.yaml"));
        Merge(_values, Yaml.File(HelmRunner.ValueSetPath(set)));
    }

    public string Name { get; }

    /// <summary>A value by its dotted path (<c>edge.autoscaling.enabled</c>), as a string; null when unset.</summary>
    public string? this[string path]
    {
        get
        {
            JsonNode? node = _values;
            foreach (var part in path.Split('.')) node = node?[part];
            return node is JsonValue v ? v.ToString() : null;
        }
    }

    public bool IsOn(string path) => this[path] == "true";

    public int Int(string path) => int.Parse(this[path] ?? throw new InvalidOperationException($"{path} is not set"));

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            if (value is JsonObject sub && target[key] is JsonObject existing) Merge(existing, sub);
            else target[key] = value?.DeepClone();
        }
    }
}
