using System.Diagnostics;
using System.Text.Json;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// <c>deploy/compose.yaml</c> as compose sees it (anchors and merge keys resolved): read with python3's YAML loader,
/// the one YAML reader this machine's image carries, and handed over as JSON.
/// </summary>
public sealed class ComposeFile
{
    private ComposeFile(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public IEnumerable<string> Services => Root.GetProperty("services").EnumerateObject().Select(s => s.Name);

    public static ComposeFile Load(string path)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start python3.");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{path} could not be read as YAML:\n{stderr}");
        return new ComposeFile(JsonDocument.Parse(stdout).RootElement.Clone());
    }

    public JsonElement Service(string name) => Root.GetProperty("services").GetProperty(name);

    /// <summary>A service's <c>environment</c> (a mapping), values as the container gets them: text.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service) =>
        Service(service).TryGetProperty("environment", out var env)
            ? env.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
            : new Dictionary<string, string>();
}
