using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Switchboard.Benchmarks.Systems;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// The container images as far as this machine can build them (it has no docker): each Dockerfile's build stage is
/// carried out line by line — its <c>COPY</c>s from the repository through <c>.dockerignore</c>, its
/// <c>dotnet restore</c> on the project files alone, its <c>dotnet publish</c> with exactly its settings — and the
/// published app is then started with the runtime stage's <c>ENV</c> and entry point, and probed with the image's own
/// <c>HEALTHCHECK</c> command. Publishing is heavy on two cores, so the class runs alone and publishes once.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class PublishTests(PublishTests.PublishedImages images) : IClassFixture<PublishTests.PublishedImages>
{
    [Fact]
    public void SiloImage_BuildStagePublishesInRelease_WithoutNativeLauncher_ForTheAspNetRuntimeImage()
    {
        var silo = images.Silo;
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", silo.Dockerfile.Build.Image);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", silo.Dockerfile.Runtime.Image);
        Assert.Equal(["dotnet", "Switchboard.Silo.dll"], silo.Dockerfile.Runtime.ExecForm("ENTRYPOINT"));
        AssertPublished(silo, "Switchboard.Silo", "Switchboard.Grains.dll", "Switchboard.Grains.Abstractions.dll");
    }

    [Fact]
    public void EdgeImage_BuildStagePublishesInRelease_WithTheDemoPageAndAppSettings()
    {
        var edge = images.Edge;
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", edge.Dockerfile.Build.Image);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", edge.Dockerfile.Runtime.Image);
        Assert.Equal(["dotnet", "Switchboard.Edge.dll"], edge.Dockerfile.Runtime.ExecForm("ENTRYPOINT"));
        AssertPublished(edge, "Switchboard.Edge", "Switchboard.Silo.dll", "Switchboard.Media.dll", "appsettings.json", "wwwroot/index.html", "wwwroot/switchboard.js");
    }

    [Fact]
    public async Task PublishedSilo_StartsWithTheImageEnvironment_AnswersLive_AndPassesTheImageHealthCheck_ThenStopsOnSigterm()
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        await RunAndProbeAsync(images.Silo,
        [
            // The image's Urls (every interface, 8081) and cluster ports, moved to free loopback ports for the test.
            $"--Switchboard:Silo:SiloPort={siloPort}", $"--Switchboard:Silo:GatewayPort={gatewayPort}",
            $"--Switchboard:Cluster:ClusterId=publish-{Guid.NewGuid():N}",
        ]);
    }

    [Fact]
    public async Task PublishedEdge_StartsEmbeddedWithTheImageEnvironment_AnswersLive_AndPassesTheImageHealthCheck_ThenStopsOnSigterm()
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        await RunAndProbeAsync(images.Edge,
        [
            // The image is a stand-alone edge; alone here, it hosts its silo (embedded), anonymous, media on loopback.
            "--Switchboard:Mode=Embedded", "--Switchboard:Auth:Mode=Anonymous",
            "--Switchboard:Media:Port=0", "--Switchboard:Media:BindAddress=127.0.0.1",
            $"--Switchboard:Silo:SiloPort={siloPort}", $"--Switchboard:Silo:GatewayPort={gatewayPort}",
            $"--Switchboard:Cluster:ClusterId=publish-{Guid.NewGuid():N}",
        ]);
    }

    private static void AssertPublished(PublishedImage image, string app, params string[] files)
    {
        foreach (var file in new[] { app + ".dll", app + ".deps.json", app + ".runtimeconfig.json" }.Concat(files))
        {
            Assert.True(File.Exists(Path.Combine(image.Output, file)), $"{file} is not in the published output {image.Output}.\n{image.BuildLog}");
        }

        // -p:UseAppHost=false: no native launcher; a Debug build would carry no optimisations.
        Assert.False(File.Exists(Path.Combine(image.Output, app)), $"A native launcher '{app}' was published.");
        var runtimeConfig = File.ReadAllText(Path.Combine(image.Output, app + ".runtimeconfig.json"));
        Assert.Contains("Microsoft.AspNetCore.App", runtimeConfig); // what the aspnet runtime image provides
        Assert.Contains("Release", image.BuildLog.Split('\n').Single(l => l.StartsWith("RUN dotnet publish")));
    }

    /// <summary>
    /// Starts <c>dotnet &lt;entry point&gt;</c> in the published folder (the image's <c>WORKDIR</c>) with the image's
    /// <c>ENV</c>, the HTTP port moved to a free loopback one and <paramref name="settings"/>; checks
    /// <c>/healthz/live</c>, then runs the image's <c>HEALTHCHECK</c> command until it passes (readiness), and that it
    /// fails against a port nobody listens on; stops the process by its id with SIGTERM, as <c>docker stop</c> does.
    /// </summary>
    private static async Task RunAndProbeAsync(PublishedImage image, string[] settings)
    {
        var runtime = image.Dockerfile.Runtime;
        var entryPoint = runtime.ExecForm("ENTRYPOINT");
        var port = FreePort.Next();
        var environment = runtime.Environment();
        var start = ServerProcess.DotnetStartInfo(Path.Combine(image.Output, entryPoint[1]), [$"--urls=http://127.0.0.1:{port}", .. settings], serverGc: false);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var output = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string Log() { lock (output) return output.ToString(); }
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var live = await PollAsync(async () =>
            {
                Assert.False(process.HasExited, $"{entryPoint[1]} exited ({(process.HasExited ? process.ExitCode : 0)}):\n{Log()}");
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/healthz/live");
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            });
            Assert.True(live, $"/healthz/live did not answer 200 within the deadline:\n{Log()}");

            var healthCheck = runtime.ExecForm("HEALTHCHECK");
            var healthy = await PollAsync(async () => (await RunHealthCheckAsync(healthCheck, environment, port)).ExitCode == 0);
            Assert.True(healthy, $"The image's HEALTHCHECK did not pass within the deadline: {(await RunHealthCheckAsync(healthCheck, environment, port)).Output}\n{Log()}");
            var closedPort = FreePort.Next();
            Assert.NotEqual(0, (await RunHealthCheckAsync(healthCheck, environment, closedPort)).ExitCode);

            Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(process.ExitCode == 0, $"Exit code {process.ExitCode} after SIGTERM:\n{Log()}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The exec-form HEALTHCHECK command as docker runs it in the container: with the image's environment.</summary>
    private static async Task<(int ExitCode, string Output)> RunHealthCheckAsync(string[] command, IReadOnlyDictionary<string, string> environment, int port)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["HEALTHCHECK_PORT"] = port.ToString();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }

        return false;
    }

    /// <summary>A Dockerfile's build stage, carried out once: where its publish output is, and what its RUNs printed.</summary>
    public sealed record PublishedImage(Dockerfile Dockerfile, string Output, string BuildLog);

    /// <summary>Both images' build stages, run one after the other (each in its own copy of the context) for the class.</summary>
    public sealed class PublishedImages : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("publish-images-").FullName;

        public PublishedImages()
        {
            var repo = new Repo().Root;
            try
            {
                Silo = BuildStage(repo, "silo");
                Edge = BuildStage(repo, "edge");
            }
            catch
            {
                Dispose(); // xunit does not dispose a fixture whose constructor threw
                throw;
            }
        }

        public PublishedImage Silo { get; }

        public PublishedImage Edge { get; }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        private PublishedImage BuildStage(string repo, string image)
        {
            var dockerfile = Dockerfile.Load(Path.Combine(repo, "deploy", $"Dockerfile.{image}"));
            var root = Path.Combine(_root, image);
            var log = dockerfile.RunBuildStage(repo, root, TimeSpan.FromMinutes(8));
            // The runtime stage copies the build stage's output folder into its WORKDIR.
            var copy = dockerfile.Runtime.Lines("COPY").Single(l => l.StartsWith("--from=build"));
            var output = Path.Join(root, copy.Split(' ')[1]);
            return new PublishedImage(dockerfile, output, log);
        }
    }
}
