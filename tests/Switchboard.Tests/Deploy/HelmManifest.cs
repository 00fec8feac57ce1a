using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Switchboard.Tests.Deploy;

/// <summary>The Kubernetes objects of one <c>helm template</c> output, parsed from its YAML documents.</summary>
internal sealed class HelmManifest
{
    private HelmManifest(IReadOnlyList<JsonObject> objects) => Objects = objects;

    public IReadOnlyList<JsonObject> Objects { get; }

    public static HelmManifest Parse(string yaml)
    {
        var objects = new List<JsonObject>();
        foreach (var document in Yaml.Documents(yaml))
        {
            if (document is JsonObject o) objects.Add(o);
        }

        return new HelmManifest(objects);
    }

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject? Find(string kind, string name) => OfKind(kind).SingleOrDefault(o => (string?)o["metadata"]!["name"] == name);

    public JsonObject Get(string kind, string name) =>
        Find(kind, name) ?? throw new InvalidOperationException($"no {kind} {name} in the rendered chart; it has: {string.Join(", ", Objects.Select(o => $"{o["kind"]} {o["metadata"]!["name"]}"))}");

    /// <summary>The chart's name for a component (<c>sb-switchboard-edge</c>).</summary>
    public static string Name(string component) => $"{HelmRunner.Release}-switchboard-{component}";

    public static JsonObject PodSpec(JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    public static JsonObject Container(JsonObject workload, string name) =>
        PodSpec(workload)["containers"]!.AsArray().Single(c => (string?)c!["name"] == name)!.AsObject();

    /// <summary>A container port by name, or null.</summary>
    public static JsonObject? Port(JsonObject container, string name) =>
        container["ports"]?.AsArray().SingleOrDefault(p => (string?)p!["name"] == name)?.AsObject();

    public static int Int(JsonNode? node) => int.Parse((string)node! ?? throw new InvalidOperationException("no value"));
}

/// <summary>YAML to <see cref="JsonNode"/> (every scalar as a string, as YAML leaves its type open).</summary>
internal static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static IEnumerable<JsonNode?> Documents(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            yield return ToJson(Deserializer.Deserialize<object?>(parser));
        }
    }

    public static JsonObject File(string path) => Documents(System.IO.File.ReadAllText(path)).Single() as JsonObject ?? new JsonObject();

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create((string)kv.Key, ToJson(kv.Value)))),
        IList<object?> list => new JsonArray([.. list.Select(ToJson)]),
        _ => JsonValue.Create(value.ToString()),
    };
}
