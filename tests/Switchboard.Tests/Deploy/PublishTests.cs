using System.Diagnostics;
using System.Net;
using System.Text;
using Switchboard.Benchmarks.Systems;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// The container images as far as this machine can build them (it has no docker): each Dockerfile's build stage is
/// carried out line by line — its <c>COPY</c>s from the repository through <c>.dockerignore</c>, its
/// <c>dotnet restore</c> on the project files alone, its <c>dotnet publish</c> with exactly its settings — and the
/// published app is then started with the runtime stage's <c>ENV</c> and entry point, probed with the image's own
/// <c>HEALTHCHECK</c> command, run as a cluster (silo and stand-alone edge; the compose file's two of each with its
/// environment) and stopped with SIGTERM. Publishing is heavy on two cores, so the class runs alone and publishes once.
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
        // The image's Urls (every interface, 8081) and cluster ports, moved to free loopback ports for the test.
        await using var silo = PublishedProcess.Start(images.Silo, SiloSettings($"publish-{Guid.NewGuid():N}", out _));
        await silo.WaitLiveAsync();
        await silo.WaitHealthyAsync();
        Assert.NotEqual(0, (await silo.RunHealthCheckAsync(FreePort.Next())).ExitCode); // nobody listens there
        await silo.StopAsync();
    }

    [Fact]
    public async Task PublishedEdge_StartsEmbeddedWithTheImageEnvironment_AnswersLive_AndPassesTheImageHealthCheck_ThenStopsOnSigterm()
    {
        // The image is a stand-alone edge; alone here, it hosts its silo (embedded), anonymous, media on loopback.
        await using var edge = PublishedProcess.Start(images.Edge,
            ["--Switchboard:Mode=Embedded", "--Switchboard:Auth:Mode=Anonymous", .. LoopbackMedia, .. SiloSettings($"publish-{Guid.NewGuid():N}", out _)]);
        await edge.WaitLiveAsync();
        await edge.WaitHealthyAsync();
        Assert.NotEqual(0, (await edge.RunHealthCheckAsync(FreePort.Next())).ExitCode);
        await edge.StopAsync();
    }

    [Fact]
    public async Task PublishedSiloAndEdge_InTheModesTheImagesSet_FormACluster_AndAMessageCrossesIt()
    {
        var clusterId = $"publish-{Guid.NewGuid():N}";
        await using var silo = PublishedProcess.Start(images.Silo, SiloSettings(clusterId, out var gatewayPort));
        await silo.WaitHealthyAsync();
        // Switchboard:Mode=Edge comes from the image; with Localhost clustering the edge dials the silo's gateway port.
        await using var edge = PublishedProcess.Start(images.Edge,
            ["--Switchboard:Auth:Mode=Anonymous", .. LoopbackMedia, $"--Switchboard:Silo:GatewayPort={gatewayPort}", $"--Switchboard:Cluster:ClusterId={clusterId}"]);
        await edge.WaitHealthyAsync(); // ready: it holds a gateway connection to the silo

        var ws = new Uri($"ws://127.0.0.1:{edge.Port}/v1/ws");
        await using (var reader = await TestClient.ConnectAsync(ws, "publish-reader"))
        {
            await reader.SubscribeAsync("publish-room");
            await using var writer = await TestClient.ConnectAsync(ws, "publish-writer");
            var ack = await writer.PublishAsync("publish-room", new { text = "through the published images" });
            var message = await reader.WaitForAsync(f => TestClient.Is(f, "message"));
            Assert.Equal(ack.GetProperty("seq").GetInt64(), message.GetProperty("seq").GetInt64());
        }

        await edge.StopAsync();
        await silo.StopAsync();
    }

    [Fact]
    public async Task ComposeCluster_RedisTwoSilosTwoEdges_RunsFromThePublishedImagesWithItsEnvironment_AndAMessageCrossesEdges()
    {
        var repo = new Repo().Root;
        var compose = ComposeFile.Load(Path.Combine(repo, "deploy", "compose.yaml"));
        Assert.Equal(["redis", "silo-1", "silo-2", "edge-1", "edge-2"], compose.Services);
        foreach (var (service, image) in new[] { ("silo-1", "silo"), ("silo-2", "silo"), ("edge-1", "edge"), ("edge-2", "edge") })
        {
            Assert.Equal($"switchboard-{image}", compose.Service(service).GetProperty("image").GetString());
            var build = compose.Service(service).GetProperty("build");
            Assert.True(File.Exists(Path.Combine(repo, "deploy", build.GetProperty("context").GetString()!, build.GetProperty("dockerfile").GetString()!)));
            Assert.True(compose.Service(service).GetProperty("read_only").GetBoolean()); // as the Helm chart runs them
        }

        var redisCommand = string.Join(' ', compose.Service("redis").GetProperty("command").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("--appendonly yes", redisCommand);
        Assert.Contains("--maxmemory-policy noeviction", redisCommand);

        // Here Redis is a local redis-server started with the compose file's options, and every container a process on
        // loopback: the compose environment as written, with the Redis address and the ports moved.
        await using var redis = await RedisServer.StartAsync();
        IReadOnlyDictionary<string, string> Environment(string service) => compose.Environment(service).ToDictionary(
            e => e.Key, e => e.Key == "Switchboard__Cluster__Redis" ? e.Value.Replace("redis:6379", redis.ConnectionString) : e.Value);
        Assert.Equal("redis:6379", compose.Environment("silo-1")["Switchboard__Cluster__Redis"]);

        var processes = new List<PublishedProcess>();
        try
        {
            foreach (var silo in new[] { "silo-1", "silo-2" })
            {
                processes.Add(PublishedProcess.Start(images.Silo, ["--Switchboard:Silo:AdvertisedAddress=127.0.0.1", .. SiloSettings(compose.Environment(silo)["Switchboard__Cluster__ClusterId"], out _)], Environment(silo)));
            }

            foreach (var silo in processes) await silo.WaitHealthyAsync();
            var edges = new[] { "edge-1", "edge-2" }.Select(edge => PublishedProcess.Start(images.Edge, LoopbackMedia, Environment(edge))).ToArray();
            processes.AddRange(edges);
            foreach (var edge in edges) await edge.WaitHealthyAsync();

            await using (var reader = await TestClient.ConnectAsync(new Uri($"ws://127.0.0.1:{edges[1].Port}/v1/ws"), "compose-reader"))
            {
                await reader.SubscribeAsync("compose-room");
                await using var writer = await TestClient.ConnectAsync(new Uri($"ws://127.0.0.1:{edges[0].Port}/v1/ws"), "compose-writer");
                var ack = await writer.PublishAsync("compose-room", new { text = "edge-1 to edge-2" });
                var message = await reader.WaitForAsync(f => TestClient.Is(f, "message"));
                Assert.Equal(ack.GetProperty("seq").GetInt64(), message.GetProperty("seq").GetInt64());
            }

            // docker compose down: SIGTERM to each container, edges first.
            foreach (var process in Enumerable.Reverse(processes)) await process.StopAsync();
        }
        finally
        {
            foreach (var process in processes) await process.DisposeAsync();
        }
    }

    private static readonly string[] LoopbackMedia = ["--Switchboard:Media:Port=0", "--Switchboard:Media:BindAddress=127.0.0.1"];

    private static string[] SiloSettings(string clusterId, out int gatewayPort)
    {
        gatewayPort = FreePort.Next();
        return [$"--Switchboard:Silo:SiloPort={FreePort.Next()}", $"--Switchboard:Silo:GatewayPort={gatewayPort}", $"--Switchboard:Cluster:ClusterId={clusterId}"];
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
        Assert.Contains("-c Release", image.BuildLog.Split('\n').Single(l => l.StartsWith("RUN dotnet publish")));
    }

    /// <summary>
    /// A published app started as its image starts it: <c>dotnet &lt;entry point&gt;</c> in the published folder (the
    /// image's <c>WORKDIR</c>) with the image's <c>ENV</c>, its HTTP port moved to a free loopback one, plus the
    /// test's settings. Stopped by its process id: SIGTERM as <c>docker stop</c> sends it, SIGKILL if a test failed.
    /// </summary>
    private sealed class PublishedProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly PublishedImage _image;

        private PublishedProcess(PublishedImage image, Process process, int port)
        {
            _image = image;
            _process = process;
            Port = port;
            process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Port { get; }

        private string EntryPoint => _image.Dockerfile.Runtime.ExecForm("ENTRYPOINT")[1];

        /// <param name="environment">Set after the image's <c>ENV</c>, as compose or <c>docker run -e</c> sets it.</param>
        public static PublishedProcess Start(PublishedImage image, string[] settings, IReadOnlyDictionary<string, string>? environment = null)
        {
            var port = FreePort.Next();
            var entryPoint = image.Dockerfile.Runtime.ExecForm("ENTRYPOINT");
            Assert.Equal("dotnet", entryPoint[0]);
            var start = ServerProcess.DotnetStartInfo(Path.Combine(image.Output, entryPoint[1]), [$"--urls=http://127.0.0.1:{port}", .. settings], serverGc: false);
            foreach (var (key, value) in image.Dockerfile.Runtime.Environment()) start.Environment[key] = value;
            foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
            return new PublishedProcess(image, Process.Start(start)!, port);
        }

        public string Log()
        {
            lock (_output) return $"---- {EntryPoint} (pid {_process.Id}) ----\n{_output}";
        }

        public async Task WaitLiveAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var live = await PollAsync(async () =>
            {
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{Port}/healthz/live");
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false; // not listening yet, or still starting on a busy machine
                }
            });
            Assert.True(live, $"/healthz/live did not answer 200 within the deadline:\n{Log()}");
        }

        /// <summary>Runs the image's HEALTHCHECK command until it passes (the process is ready).</summary>
        public async Task WaitHealthyAsync()
        {
            var healthy = await PollAsync(async () => (await RunHealthCheckAsync(Port)).ExitCode == 0);
            Assert.True(healthy, $"The image's HEALTHCHECK did not pass within the deadline: {(await RunHealthCheckAsync(Port)).Output}\n{Log()}");
        }

        /// <summary>The exec-form HEALTHCHECK command as docker runs it in the container: with the image's environment.</summary>
        public async Task<(int ExitCode, string Output)> RunHealthCheckAsync(int port)
        {
            var command = _image.Dockerfile.Runtime.ExecForm("HEALTHCHECK");
            var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
            foreach (var (key, value) in _image.Dockerfile.Runtime.Environment()) start.Environment[key] = value;
            start.Environment["HEALTHCHECK_PORT"] = port.ToString();
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // As docker's --timeout: a check that does not answer in time has failed.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return (-1, "timed out");
            }

            return (process.ExitCode, await stdout + await stderr);
        }

        /// <summary>SIGTERM, as <c>docker stop</c> sends it: the app stops by itself, with exit code 0.</summary>
        public async Task StopAsync()
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(_process.ExitCode == 0, $"Exit code {_process.ExitCode} after SIGTERM:\n{Log()}");
        }

        private async Task<bool> PollAsync(Func<Task<bool>> condition)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                Assert.False(_process.HasExited, $"{EntryPoint} exited ({(_process.HasExited ? _process.ExitCode : 0)}):\n{Log()}");
                if (await condition()) return true;
                await Task.Delay(200);
            }

            return false;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }

            _process.Dispose();
        }
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
