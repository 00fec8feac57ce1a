namespace Switchboard.Tests.Deploy;

/// <summary>
/// Every k6 script in <c>deploy/k6</c> is type-checked (TypeScript over the JavaScript, with the k6 API's types and
/// the xk6-sse declaration): a call the k6 API or the protocol module does not have, an import of a module k6 does not
/// know, or a syntax error fails the check, so the scripts cannot rot while k6 itself cannot run here.
/// </summary>
public sealed class K6ScriptTests
{
    private static readonly string K6 = K6ProtocolModuleTests.K6Folder;

    private static string Tsc(string folder) => Path.Combine(folder, "node_modules", ".bin", "tsc");

    public static TheoryData<string> Scripts() => [.. Directory.GetFiles(K6, "*.js").Select(f => Path.GetFileName(f)).Order()];

    [Fact]
    public async Task EveryScriptAndModule_TypeChecksAgainstTheK6Api_AndTheCheckCoversEveryScript()
    {
        var (exitCode, output) = await NodeProcess.RunAsync(K6, Tsc(K6), ["-p", "tsconfig.json"]);
        Assert.True(exitCode == 0, "tsc found errors in deploy/k6:\n" + output);

        var (_, listed) = await NodeProcess.RunAsync(K6, Tsc(K6), ["-p", "tsconfig.json", "--listFilesOnly"]);
        var expected = Directory.GetFiles(K6, "*.js").Concat(Directory.GetFiles(Path.Combine(K6, "lib"), "*.js"));
        Assert.All(expected, file => Assert.Contains(Path.GetFullPath(file), listed));
        Assert.True(Scripts().Count >= 5, "The five load scripts are missing: " + string.Join(", ", Scripts()));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void EachScript_IsJudgedByTheSharedThresholds(string script)
    {
        var text = File.ReadAllText(Path.Combine(K6, script));
        Assert.Contains("from './lib/k6-common.js'", text);
        Assert.Contains("from './lib/switchboard.js'", text);
        Assert.Contains("thresholds()", text); // connect time, delivery latency p95, seq gaps == 0, checks rate
        Assert.Contains("/** @type {import('k6/options').Options} */", text); // so tsc checks the options too
    }

    [Fact]
    public void SharedThresholds_BoundConnectTimeLatencySeqGapsAndChecks()
    {
        var common = File.ReadAllText(Path.Combine(K6, "lib", "k6-common.js"));
        Assert.Contains("switchboard_connect_time: [`p(95)<", common);
        Assert.Contains("switchboard_delivery_latency: [`p(95)<", common);
        Assert.Contains("switchboard_seq_gaps: ['count==0']", common);
        Assert.Contains("checks: [`rate>", common);
    }

    [Fact]
    public async Task AProtocolModuleChangeTheScriptsDoNotFollow_FailsTheCheck_NamingTheScripts()
    {
        // A copy of deploy/k6 (its node_modules linked) where the module renames subscribe(): the scripts still call it.
        var copy = Directory.CreateTempSubdirectory("k6-check-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(K6, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}")))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(K6, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            Directory.CreateSymbolicLink(Path.Combine(copy, "node_modules"), Path.Combine(K6, "node_modules"));
            var module = Path.Combine(copy, "lib", "switchboard.js");
            var text = File.ReadAllText(module);
            Assert.Contains("export function subscribe(", text);
            File.WriteAllText(module, text.Replace("export function subscribe(", "export function subscribeRoom("));

            var (exitCode, output) = await NodeProcess.RunAsync(copy, Tsc(K6), ["-p", "tsconfig.json"]);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("ws-chat.js", output);
            Assert.Contains("'subscribe' does not exist", output);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
