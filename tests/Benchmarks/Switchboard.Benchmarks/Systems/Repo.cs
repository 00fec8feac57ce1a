namespace Switchboard.Benchmarks.Systems;

/// <summary>Where the built binaries are, found from the running program's own output folder (<c>…/bin/{Configuration}/{Framework}/</c>) and the <c>Cluster.sln</c> above it.</summary>
public sealed class Repo
{
    public Repo()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        Framework = framework.Name;
        Configuration = framework.Parent!.Name;
        var dir = framework;
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) dir = dir.Parent;
        Root = dir?.FullName ?? throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory);
    }

    public string Root { get; }

    public string Configuration { get; }

    public string Framework { get; }

    /// <summary>The built assembly of a project folder, in this program's configuration.</summary>
    public string Output(string project, string assembly)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, Framework, assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{assembly} is not built; build Cluster.sln in {Configuration} first.", path);
    }
}
