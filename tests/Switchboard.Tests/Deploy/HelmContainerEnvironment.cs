using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// The environment a rendered container would get in a pod, worked out as Kubernetes does it: <c>envFrom</c>
/// ConfigMaps and Secrets first, then <c>env</c> in order (later names win), with downward-API fields and
/// <c>$(NAME)</c> references filled in. Secrets the chart does not create (existing Secrets named in the values)
/// come from <see cref="ExistingSecrets"/>.
/// </summary>
internal sealed partial class HelmContainerEnvironment
{
    public const string PodIp = "10.244.1.17";
    public const string HostIp = "192.0.2.21";
    public const string PodName = "sb-switchboard-pod-7d9f6-x2x4q";

    /// <summary>Stand-ins for the Secrets the value sets name but expect to exist in the cluster.</summary>
    public static readonly IReadOnlyDictionary<(string Secret, string Key), string> ExistingSecrets = new Dictionary<(string, string), string>
    {
        [("switchboard-auth", "signingKey")] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        // The chart's default: the Secret <fullname>-auth that the operator creates (NOTES.txt prints the command).
        [($"{HelmRunner.Release}-switchboard-auth", "signingKey")] = Convert.ToBase64String(Enumerable.Range(33, 32).Select(i => (byte)i).ToArray()),
        [("switchboard-redis", "connection")] = "redis.prod.internal:6380,password=not-a-real-one,ssl=true",
    };

    private HelmContainerEnvironment(Dictionary<string, string> variables, JsonObject container)
    {
        Variables = variables;
        Container = container;
    }

    public IReadOnlyDictionary<string, string> Variables { get; }

    public JsonObject Container { get; }

    /// <summary>The entries of the container's own <c>env</c> list, by name (what the chart sets, not the settings ConfigMap).</summary>
    public JsonObject? EnvEntry(string name) => Container["env"]?.AsArray().LastOrDefault(e => (string?)e!["name"] == name)?.AsObject();

    public static HelmContainerEnvironment Of(HelmManifest manifest, JsonObject container)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            if (source!["configMapRef"]?["name"] is { } map)
            {
                foreach (var (k, v) in manifest.Get("ConfigMap", (string)map!)["data"]?.AsObject() ?? []) variables[k] = (string)v!;
            }
            else if (source["secretRef"]?["name"] is { } secret)
            {
                foreach (var (k, v) in manifest.Get("Secret", (string)secret!)["data"]?.AsObject() ?? []) variables[k] = Decode(v);
            }
        }

        foreach (var entry in container["env"]?.AsArray() ?? [])
        {
            var name = (string)entry!["name"]!;
            variables[name] = entry["value"] is { } value ? Expand((string)value!, variables) : From(manifest, entry["valueFrom"]!.AsObject());
        }

        return new HelmContainerEnvironment(variables, container);
    }

    /// <summary>
    /// The configuration the process builds: its appsettings.json (if any), then these variables, whose names map to
    /// configuration keys by <c>__</c> → <c>:</c> (as .NET's environment variables provider maps them).
    /// </summary>
    public IConfigurationRoot Configuration(string? appSettingsJson = null)
    {
        var builder = new ConfigurationBuilder();
        if (appSettingsJson is not null) builder.AddJsonFile(appSettingsJson, optional: false);
        builder.AddInMemoryCollection(Variables.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), (string?)kv.Value)));
        return builder.Build();
    }

    private static string From(HelmManifest manifest, JsonObject valueFrom)
    {
        if (valueFrom["fieldRef"]?["fieldPath"] is { } field)
        {
            return (string)field! switch
            {
                "status.podIP" => PodIp,
                "status.hostIP" => HostIp,
                "metadata.name" => PodName,
                "metadata.namespace" => HelmRunner.Namespace,
                var other => throw new InvalidOperationException($"no stand-in for the downward-API field {other}"),
            };
        }

        if (valueFrom["secretKeyRef"] is JsonObject secretRef)
        {
            var (name, key) = ((string)secretRef["name"]!, (string)secretRef["key"]!);
            if (manifest.Find("Secret", name) is { } secret)
            {
                return secret["data"]?[key] is { } data ? Decode(data) : throw new InvalidOperationException($"the chart's Secret {name} has no key {key}");
            }

            return ExistingSecrets.TryGetValue((name, key), out var value)
                ? value
                : throw new InvalidOperationException($"Secret {name} (key {key}) is neither rendered by the chart nor one of the test's existing Secrets");
        }

        throw new InvalidOperationException($"unsupported valueFrom: {valueFrom.ToJsonString()}");
    }

    private static string Decode(JsonNode? base64) => Encoding.UTF8.GetString(Convert.FromBase64String((string)base64!));

    /// <summary>Kubernetes' <c>$(NAME)</c>: replaced by an earlier variable's value, left as it is when there is none.</summary>
    private static string Expand(string value, Dictionary<string, string> earlier) =>
        Reference().Replace(value, m => earlier.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
