using System.Collections.Concurrent;

namespace Switchboard.Tests.Deploy;

/// <summary>One <c>helm template</c> per value set, shared by the tests that look at it.</summary>
public sealed class HelmRenders
{
    private readonly ConcurrentDictionary<string, Lazy<Task<HelmRender>>> _renders = new();

    internal Task<HelmRender> GetAsync(string set) => _renders.GetOrAdd(set, s => new Lazy<Task<HelmRender>>(() => RenderAsync(s))).Value;

    private static async Task<HelmRender> RenderAsync(string set)
    {
        var result = await HelmRunner.TemplateAsync(set);
        if (result.ExitCode != 0) throw new InvalidOperationException($"helm template failed for value set {set}: {result}");
        var manifest = HelmManifest.Parse(result.Output);
        var silo = HelmManifest.Container(manifest.Get("Deployment", HelmManifest.Name("silo")), "silo");
        var edge = HelmManifest.Container(manifest.Get("Deployment", HelmManifest.Name("edge")), "edge");
        return new HelmRender(new HelmValueSet(set), manifest, HelmContainerEnvironment.Of(manifest, silo), HelmContainerEnvironment.Of(manifest, edge));
    }
}

internal sealed record HelmRender(HelmValueSet Values, HelmManifest Manifest, HelmContainerEnvironment Silo, HelmContainerEnvironment Edge);
