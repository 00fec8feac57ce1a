using System.Text.RegularExpressions;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// The k6 scripts in <c>deploy/k6</c>, checked without k6 (which cannot run here) so they cannot rot: type-checked
/// (TypeScript over the JavaScript, with the k6 API's types and the xk6-sse declaration), so a call the k6 API or the
/// protocol module does not have, an import of a module k6 does not know, or a syntax error fails; and their init
/// context evaluated in Node with k6 stubbed, so their options carry the four thresholds and every scenario's function
/// exists.
/// </summary>
public sealed class K6ScriptTests
{
    private static readonly string K6 = K6ProtocolModuleTests.K6Folder;

    private static string Tsc(string folder) => Path.Combine(folder, "node_modules", ".bin", "tsc");

    private static string[] Scripts() => [.. Directory.GetFiles(K6, "*.js").Select(f => Path.GetFileName(f)).Order()];

    [Fact]
    public async Task EveryScriptAndModule_TypeChecksAgainstTheK6Api_AndTheCheckCoversEveryScript()
    {
        var (exitCode, output) = await NodeProcess.RunAsync(K6, Tsc(K6), ["-p", "tsconfig.json"]);
        Assert.True(exitCode == 0, "tsc found errors in deploy/k6:\n" + output);

        var (_, listed) = await NodeProcess.RunAsync(K6, Tsc(K6), ["-p", "tsconfig.json", "--listFilesOnly"]);
        var expected = Directory.GetFiles(K6, "*.js").Concat(Directory.GetFiles(Path.Combine(K6, "lib"), "*.js"));
        Assert.All(expected, file => Assert.Contains(Path.GetFullPath(file), listed));
        Assert.True(Scripts().Length >= 5, "The five load scripts are missing: " + string.Join(", ", Scripts()));
    }

    [Fact]
    public async Task EachScript_IsJudgedByTheFourThresholds_AndEveryScenarioRunsAFunctionItExports()
    {
        // The scripts' init context evaluated in Node with the k6 modules stubbed (deploy/k6/test/scripts.test.mjs).
        var (exitCode, output) = await NodeProcess.RunAsync(K6, "node", ["--test", "--test-force-exit", "test/scripts.test.mjs"]);

        Assert.True(exitCode == 0, "node --test test/scripts.test.mjs failed:\n" + output);
        var passed = Regex.Match(output, @"^# pass (\d+)$", RegexOptions.Multiline);
        Assert.True(passed.Success && int.Parse(passed.Groups[1].Value) == Scripts().Length + 2, "Not every script was checked:\n" + output);
        Assert.Matches(new Regex(@"^# fail 0$", RegexOptions.Multiline), output);
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
