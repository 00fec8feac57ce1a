namespace Switchboard.Media.Tests;

public sealed class MediaProjectTests
{
    [Fact]
    public void TheMediaPlaneDependsOnNoWebOrClusterFramework()
    {
        var references = typeof(MediaLayers).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Orleans", StringComparison.Ordinal));
    }
}
