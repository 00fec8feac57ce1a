using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.Edge.Calls;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Media;
using Switchboard.Grains.Hosting;
using Switchboard.Grains.Logs;
using Switchboard.Silo.Health;
using Switchboard.Silo.Hosting;
using Switchboard.Silo.Telemetry;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// The Helm chart (k8s/switchboard), rendered by the real helm with every value set in Deploy/HelmValues: it lints,
/// and what it renders is what the applications need, checked against the applications' own code: their option
/// classes and validators, health endpoints, telemetry path and host shutdown timeout.
/// </summary>
public sealed class HelmChartTests(HelmRenders renders) : IClassFixture<HelmRenders>
{
    private static readonly string EdgeAppSettings = Path.Combine(HelmRunner.RepoRoot, "edge", "Switchboard.Edge", "appsettings.json");

    /// <summary>Variables that are not application options: each is checked by a test of its own or is the pod's identity.</summary>
    private static readonly string[] HostVariables = ["Urls", "shutdownTimeoutSeconds", "POD_NAME", "POD_NAMESPACE", "POD_IP", "OTEL_RESOURCE_ATTRIBUTES"];

    public static TheoryData<string> ValueSets => [.. HelmRunner.ValueSets()];

    [Fact]
    public void TheSuite_HasTheValueSetsTheChartMustServe()
    {
        Assert.Superset(new HashSet<string> { "defaults", "external-redis", "no-ingress", "turn", "five-edges" }, HelmRunner.ValueSets().ToHashSet());
    }

    [Fact]
    public async Task HelmLint_OfTheChartWithItsOwnDefaults_Passes()
    {
        // helm lint reports the chart's fail rules only as information; helm template refuses them
        // (HelmValueRuleTests), and every value set, the shipped defaults included, is rendered by the tests below.
        var lint = await HelmRunner.RunAsync("lint", "--strict", HelmRunner.ChartPath);
        Assert.True(lint.ExitCode == 0, lint.ToString());
        Assert.Contains("0 chart(s) failed", lint.Output);
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task HelmLint_Passes_Strict(string set)
    {
        var lint = await HelmRunner.LintAsync(set);
        Assert.True(lint.ExitCode == 0, lint.ToString());
        Assert.Contains("0 chart(s) failed", lint.Output);
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task SiloEnvironment_IsASettingOfTheSiloThatItsValidatorsAccept(string set)
    {
        var render = await renders.GetAsync(set);
        var config = render.Silo.Configuration();

        var (cluster, silo) = HostSettings.ForSilo(config); // throws, listing every problem, if the silo would refuse to start
        Assert.True(cluster.UsesRedisClustering);
        Assert.Equal(SiloHostOptions.RedisStorage, silo.Storage);
        Assert.Equal(HelmContainerEnvironment.PodIp, silo.AdvertisedAddress);
        Assert.Equal("status.podIP", (string?)render.Silo.EnvEntry(Variable(SiloHostOptions.Section, nameof(SiloHostOptions.AdvertisedAddress)))!["valueFrom"]!["fieldRef"]!["fieldPath"]);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSwitchboardGrains(config);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate(); // Switchboard:Logs, Switchboard:Calls
        config.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>(o => o.ErrorOnUnknownConfiguration = true);

        var container = render.Silo.Container;
        Assert.Equal(silo.SiloPort, HelmManifest.Int(HelmManifest.Port(container, "silo")!["containerPort"]));
        Assert.Equal(silo.GatewayPort, HelmManifest.Int(HelmManifest.Port(container, "gateway")!["containerPort"]));
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task EdgeEnvironment_IsASettingOfAStandAloneEdgeThatItsValidatorsAccept(string set)
    {
        var render = await renders.GetAsync(set);
        var config = render.Edge.Configuration(EdgeAppSettings);

        Assert.Equal("Edge", config["Switchboard:Mode"]); // not the Embedded of appsettings.json: the silos run apart
        var (cluster, _) = HostSettings.ForEdge(config);
        Assert.True(cluster.UsesRedisClustering);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSwitchboardEdge(config);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate(); // Edge, Auth, Authorization, Limits, Media, Turn
        config.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>(o => o.ErrorOnUnknownConfiguration = true);

        var media = provider.GetRequiredService<IOptions<MediaOptions>>().Value;
        Assert.Equal(render.Values.IsOn("edge.media.enabled"), media.Enabled);
        if (!media.Enabled) return;
        Assert.NotEqual(0, media.Port); // a random port cannot be put into a Service or a firewall rule
        var expectedAddress = render.Values["edge.media.advertise"] switch
        {
            "PodIP" => HelmContainerEnvironment.PodIp,
            "HostIP" => HelmContainerEnvironment.HostIp,
            _ => render.Values["edge.media.advertisedAddress"],
        };
        Assert.Equal(expectedAddress, media.AdvertisedAddress);
        var mediaPort = HelmManifest.Port(render.Edge.Container, "media")!;
        Assert.Equal("UDP", (string?)mediaPort["protocol"]);
        Assert.Equal(media.Port, HelmManifest.Int(mediaPort["containerPort"]));
        var onHostPort = render.Values["edge.media.advertise"] == "HostIP";
        Assert.Equal(onHostPort, mediaPort["hostPort"] is not null);
        var rollingUpdate = render.Manifest.Get("Deployment", HelmManifest.Name("edge"))["spec"]!["strategy"]!["rollingUpdate"]!;
        Assert.Equal(onHostPort ? "0" : "1", (string?)rollingUpdate["maxSurge"]); // a surge pod would need a node without an edge
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task EverySetting_TheChartGives_IsARealOption_OfTheProcessThatReadsIt(string set)
    {
        var render = await renders.GetAsync(set);
        var siloSections = Sections(typeof(SiloHostOptions).Assembly, typeof(LogOptions).Assembly);
        var edgeSections = Sections(typeof(EdgeOptions).Assembly)
            .Concat(Sections(typeof(SiloHostOptions).Assembly).Where(s => s.Type == typeof(ClusterHostOptions) || s.Type == typeof(TelemetryOptions)))
            .ToList();

        AssertOptionsOnly(render.Silo, siloSections, extraKeys: []);
        AssertOptionsOnly(render.Edge, edgeSections, extraKeys: ["Switchboard:Mode"]);

        static void AssertOptionsOnly(HelmContainerEnvironment env, List<(string Section, Type Type)> sections, string[] extraKeys)
        {
            Assert.NotEmpty(sections);
            var config = env.Configuration();
            foreach (var name in env.Variables.Keys)
            {
                var key = name.Replace("__", ":", StringComparison.Ordinal);
                if (HostVariables.Contains(name) || extraKeys.Contains(key) || key.StartsWith("Logging:", StringComparison.Ordinal)) continue;
                Assert.True(sections.Any(s => key.StartsWith(s.Section + ":", StringComparison.Ordinal)),
                    $"{name}: no option section of this process ({string.Join(", ", sections.Select(s => s.Section))}) reads it");
            }

            foreach (var (section, type) in sections)
            {
                // A name that is no property of the options class (a typo, an option of another process) throws here.
                config.GetSection(section).Get(type, o => o.ErrorOnUnknownConfiguration = true);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task SilosAndEdges_JoinTheSameCluster_InTheSameRedis(string set)
    {
        var render = await renders.GetAsync(set);
        var (siloCluster, _) = HostSettings.ForSilo(render.Silo.Configuration());
        var (edgeCluster, _) = HostSettings.ForEdge(render.Edge.Configuration(EdgeAppSettings));
        Assert.Equal(siloCluster.ClusterId, edgeCluster.ClusterId);
        Assert.Equal(siloCluster.ServiceId, edgeCluster.ServiceId);
        Assert.Equal(siloCluster.Redis, edgeCluster.Redis);

        if (render.Values["redis.mode"] == "bundled")
        {
            var service = render.Manifest.Get("Service", HelmManifest.Name("redis"));
            var endpoint = Assert.IsType<DnsEndPoint>(siloCluster.RedisConfiguration().EndPoints.Single());
            Assert.Equal(HelmManifest.Name("redis"), endpoint.Host);
            Assert.Equal(HelmManifest.Int(service["spec"]!["ports"]![0]!["port"]), endpoint.Port);

            var args = HelmManifest.Container(render.Manifest.Get("StatefulSet", HelmManifest.Name("redis")), "redis")["args"]!.AsArray().Select(a => (string)a!).ToList();
            Assert.Equal("yes", args[args.IndexOf("--appendonly") + 1]);
            Assert.Equal("noeviction", args[args.IndexOf("--maxmemory-policy") + 1]);
        }
        else
        {
            Assert.Null(render.Manifest.Find("StatefulSet", HelmManifest.Name("redis")));
            var external = render.Values["redis.external.existingSecret"] is { Length: > 0 } secret
                ? HelmContainerEnvironment.ExistingSecrets[(secret, render.Values["redis.external.existingSecretKey"]!)]
                : render.Values["redis.external.address"];
            Assert.Equal(external, siloCluster.Redis);
        }
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Probes_AskTheHealthEndpoints_OnThePortTheProcessListensOn(string set)
    {
        var render = await renders.GetAsync(set);
        foreach (var env in new[] { render.Silo, render.Edge })
        {
            var urls = new Uri(env.Variables["Urls"]);
            Assert.Equal("0.0.0.0", urls.Host); // reachable from the kubelet, not loopback only
            var http = HelmManifest.Port(env.Container, "http")!;
            Assert.Equal(urls.Port, HelmManifest.Int(http["containerPort"]));

            foreach (var (probe, path) in new[] { ("startupProbe", HealthEndpoints.LivePath), ("livenessProbe", HealthEndpoints.LivePath), ("readinessProbe", HealthEndpoints.ReadyPath) })
            {
                var get = env.Container[probe]?["httpGet"] ?? throw new InvalidOperationException($"{env.Container["name"]} has no {probe}");
                Assert.Equal(path, (string?)get["path"]);
                Assert.Equal("http", (string?)get["port"]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Silos_AreReplacedOneByOne_AndEveryProcessGetsMoreTimeToStopThanItsHostTakes(string set)
    {
        var render = await renders.GetAsync(set);
        var deployment = render.Manifest.Get("Deployment", HelmManifest.Name("silo"));
        Assert.Equal("0", (string?)deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]);
        Assert.Equal(render.Values.Int("silo.replicas"), HelmManifest.Int(deployment["spec"]!["replicas"]));

        foreach (var (component, env) in new[] { ("silo", render.Silo), ("edge", render.Edge) })
        {
            var shutdown = HostShutdownTimeout(env.Configuration());
            Assert.Equal(TimeSpan.FromSeconds(int.Parse(env.Variables["shutdownTimeoutSeconds"])), shutdown); // the name the host reads
            var pod = HelmManifest.PodSpec(render.Manifest.Get("Deployment", HelmManifest.Name(component)));
            var grace = HelmManifest.Int(pod["terminationGracePeriodSeconds"]);
            var preStop = PreStopSleepSeconds(pod["containers"]![0]!.AsObject());
            Assert.True(grace > preStop + shutdown.TotalSeconds, $"{component}: terminationGracePeriodSeconds {grace} s is not longer than its preStop sleep {preStop} s + the host's shutdown timeout {shutdown}");
        }
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task AStoppingEdge_KeepsServingUntilItsEndpointIsGone_BeforeItIsSignalled(string set)
    {
        var render = await renders.GetAsync(set);
        var edge = HelmManifest.Container(render.Manifest.Get("Deployment", HelmManifest.Name("edge")), "edge");
        Assert.Equal(render.Values.Int("edge.preStopSeconds"), PreStopSleepSeconds(edge));
        Assert.True(PreStopSleepSeconds(edge) > 0, "the shipped value sets keep the preStop delay");
    }

    /// <summary>The seconds of a container's <c>preStop: exec: sleep N</c> (0 without one).</summary>
    private static int PreStopSleepSeconds(System.Text.Json.Nodes.JsonObject container)
    {
        if (container["lifecycle"]?["preStop"]?["exec"]?["command"] is not System.Text.Json.Nodes.JsonArray command) return 0;
        Assert.Equal("sleep", (string?)command[0]);
        return int.Parse((string)command[1]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task EveryPod_RunsAsNonRoot_WithAReadOnlyRootAndNoPrivileges(string set)
    {
        var render = await renders.GetAsync(set);
        var workloads = render.Manifest.OfKind("Deployment").Concat(render.Manifest.OfKind("StatefulSet")).ToList();
        Assert.NotEmpty(workloads);
        foreach (var workload in workloads)
        {
            var pod = HelmManifest.PodSpec(workload);
            var name = (string?)workload["metadata"]!["name"];
            Assert.True((string?)pod["securityContext"]?["runAsNonRoot"] == "true", $"{name}: runAsNonRoot");
            Assert.NotEqual(0, HelmManifest.Int(pod["securityContext"]!["runAsUser"]));
            foreach (var container in pod["containers"]!.AsArray())
            {
                var security = container!["securityContext"]!;
                Assert.Equal("true", (string?)security["readOnlyRootFilesystem"]);
                Assert.Equal("false", (string?)security["allowPrivilegeEscalation"]);
                Assert.Contains("ALL", security["capabilities"]!["drop"]!.AsArray().Select(c => (string?)c));
                var tmp = container["volumeMounts"]?.AsArray().SingleOrDefault(m => (string?)m!["mountPath"] == "/tmp");
                Assert.True(tmp is not null, $"{name}: no writable /tmp");
                Assert.NotNull(pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)tmp["name"])!["emptyDir"]);
            }
        }

        foreach (var component in new[] { "silo", "edge" })
        {
            var user = HelmManifest.Int(HelmManifest.PodSpec(render.Manifest.Get("Deployment", HelmManifest.Name(component)))["securityContext"]!["runAsUser"]);
            Assert.Equal(render.Values.Int("podSecurity.runAsUser"), user);
        }
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task DisruptionBudgetsAndTheAutoscaler_ExistExactlyWhenEnabled(string set)
    {
        var render = await renders.GetAsync(set);
        foreach (var component in new[] { "silo", "edge" })
        {
            var pdb = render.Manifest.Find("PodDisruptionBudget", HelmManifest.Name(component));
            Assert.Equal(render.Values.IsOn($"{component}.podDisruptionBudget.enabled"), pdb is not null);
            if (pdb is not null)
            {
                var selector = pdb["spec"]!["selector"]!["matchLabels"]!.AsObject();
                var podLabels = render.Manifest.Get("Deployment", HelmManifest.Name(component))["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
                Assert.All(selector, label => Assert.Equal((string?)label.Value, (string?)podLabels[label.Key]));
            }
        }

        var hpa = render.Manifest.Find("HorizontalPodAutoscaler", HelmManifest.Name("edge"));
        var edges = render.Manifest.Get("Deployment", HelmManifest.Name("edge"))["spec"]!;
        Assert.Equal(render.Values.IsOn("edge.autoscaling.enabled"), hpa is not null);
        if (hpa is not null)
        {
            Assert.Equal(HelmManifest.Name("edge"), (string?)hpa["spec"]!["scaleTargetRef"]!["name"]);
            Assert.Equal(render.Values.Int("edge.autoscaling.minReplicas"), HelmManifest.Int(hpa["spec"]!["minReplicas"]));
            Assert.Equal(render.Values.Int("edge.autoscaling.maxReplicas"), HelmManifest.Int(hpa["spec"]!["maxReplicas"]));
            Assert.Null(edges["replicas"]); // the autoscaler owns the count
        }
        else
        {
            Assert.Equal(render.Values.Int("edge.replicas"), HelmManifest.Int(edges["replicas"]));
        }
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task MediaService_CarriesTheEdgesMediaPort_OverUdp(string set)
    {
        var render = await renders.GetAsync(set);
        var service = render.Manifest.Find("Service", HelmManifest.Name("edge") + "-media");
        Assert.Equal(render.Values.IsOn("edge.media.enabled") && render.Values.IsOn("edge.media.service.enabled"), service is not null);
        if (service is null) return;

        var media = render.Edge.Configuration(EdgeAppSettings).GetSection(MediaOptions.Section).Get<MediaOptions>()!;
        var port = service["spec"]!["ports"]!.AsArray().Single()!;
        Assert.Equal("UDP", (string?)port["protocol"]);
        Assert.Equal(media.Port, HelmManifest.Int(port["port"]));
        Assert.Equal(media.Port, HelmManifest.Int(HelmManifest.Port(render.Edge.Container, (string)port["targetPort"]!)!["containerPort"]));
        Assert.Equal(render.Values["edge.media.service.type"], (string?)service["spec"]!["type"]);
        var podLabels = render.Manifest.Get("Deployment", HelmManifest.Name("edge"))["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.All(service["spec"]!["selector"]!.AsObject(), label => Assert.Equal((string?)label.Value, (string?)podLabels[label.Key]));
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Ingress_WhenEnabled_KeepsStreamsOpenAndUnbuffered_InFrontOfTheEdgeService(string set)
    {
        var render = await renders.GetAsync(set);
        var ingress = render.Manifest.Find("Ingress", HelmManifest.Name("edge"));
        Assert.Equal(render.Values.IsOn("ingress.enabled"), ingress is not null);
        if (ingress is null) return;

        var annotations = ingress["metadata"]!["annotations"]!;
        Assert.Equal("off", (string?)annotations["nginx.ingress.kubernetes.io/proxy-buffering"]); // an SSE event must not wait in a buffer
        var edge = render.Edge.Configuration(EdgeAppSettings).GetSection(EdgeOptions.Section).Get<EdgeOptions>() ?? new EdgeOptions();
        var longestQuietRequest = new[] { edge.LongPollTimeout, edge.SseHeartbeatInterval }.Max();
        foreach (var timeout in new[] { "proxy-read-timeout", "proxy-send-timeout" })
        {
            var seconds = int.Parse((string)annotations[$"nginx.ingress.kubernetes.io/{timeout}"]!);
            Assert.True(seconds > longestQuietRequest.TotalSeconds, $"{timeout} {seconds} s would cut a healthy long poll or SSE stream ({longestQuietRequest})");
        }

        var service = render.Manifest.Get("Service", HelmManifest.Name("edge"));
        foreach (var path in ingress["spec"]!["rules"]!.AsArray().SelectMany(r => r!["http"]!["paths"]!.AsArray()))
        {
            var backend = path!["backend"]!["service"]!;
            Assert.Equal(HelmManifest.Name("edge"), (string?)backend["name"]);
            var servicePort = service["spec"]!["ports"]!.AsArray().Single(p => (string?)p!["name"] == (string?)backend["port"]!["name"])!;
            Assert.Equal("http", (string?)servicePort["targetPort"]);
        }
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Turn_EdgesHandOutCoturnCredentials_FromTheSecretCoturnChecksThemWith(string set)
    {
        var render = await renders.GetAsync(set);
        var turn = render.Edge.Configuration(EdgeAppSettings).GetSection(TurnOptions.Section).Get<TurnOptions>() ?? new TurnOptions();
        var coturn = render.Manifest.Find("Deployment", HelmManifest.Name("coturn"));
        Assert.Equal(render.Values.IsOn("coturn.enabled"), coturn is not null);
        if (coturn is null) return;

        Assert.True(turn.IsConfigured);
        var container = HelmManifest.Container(coturn, "coturn");
        var coturnEnv = HelmContainerEnvironment.Of(render.Manifest, container);
        Assert.Equal(turn.Secret, coturnEnv.Variables["TURN_SECRET"]);
        var args = container["args"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Contains("--use-auth-secret", args); // the TURN REST credentials the edge computes (TurnCredentials)
        Assert.Contains("--static-auth-secret=$(TURN_SECRET)", args);
        Assert.Contains("--relay-ip=$(POD_IP)", args); // relayed media reaches the edges' pod addresses
        var listening = int.Parse(args.Single(a => a.StartsWith("--listening-port=", StringComparison.Ordinal)).Split('=')[1]);
        var ports = render.Manifest.Get("Service", HelmManifest.Name("coturn"))["spec"]!["ports"]!.AsArray();
        Assert.Equal(["TCP", "UDP"], ports.Where(p => HelmManifest.Int(p!["port"]) == listening).Select(p => (string)p!["protocol"]!).Order());
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Metrics_AreScrapedAtTheTelemetryPath_OnTheirOwnPortOrEachProcesssHttpPort(string set)
    {
        var render = await renders.GetAsync(set);
        var metricsPorts = new Dictionary<string, int>();
        foreach (var (component, env) in new[] { ("silo", render.Silo), ("edge", render.Edge) })
        {
            var telemetry = env.Configuration().GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
            Assert.Equal(render.Values.IsOn("telemetry.prometheus"), telemetry.Prometheus);
            Assert.Equal(render.Values["telemetry.otlpEndpoint"] is { Length: > 0 } otlp ? new Uri(otlp) : null, telemetry.OtlpEndpoint);
            // Where the process answers /metrics: its MetricsUrl listener (never the edge's public port), else Urls.
            var ownPort = render.Values.Int("telemetry.metricsPort");
            Assert.Equal(ownPort > 0 ? new Uri($"http://0.0.0.0:{ownPort}") : null, telemetry.MetricsUrl);
            metricsPorts[component] = telemetry.MetricsUrl?.Port ?? new Uri(env.Variables["Urls"]).Port;
            var container = HelmManifest.Container(render.Manifest.Get("Deployment", HelmManifest.Name(component)), component);
            Assert.Equal(metricsPorts[component], HelmManifest.Int(HelmManifest.Port(container, telemetry.MetricsUrl is null ? "http" : "metrics")!["containerPort"]));
        }

        if (render.Values.Int("telemetry.metricsPort") > 0)
        {
            // Only the in-cluster metrics Service carries the metrics port; the edges' public Service does not.
            var publicPorts = render.Manifest.Get("Service", HelmManifest.Name("edge"))["spec"]!["ports"]!.AsArray();
            Assert.DoesNotContain(publicPorts, p => HelmManifest.Int(p!["port"]) == metricsPorts["edge"] || (string?)p!["targetPort"] == "metrics");
            var metrics = render.Manifest.Get("Service", HelmManifest.Name("metrics"));
            Assert.Equal("None", (string?)metrics["spec"]!["clusterIP"]);
        }

        var monitor = render.Manifest.Find("ServiceMonitor", $"{HelmRunner.Release}-switchboard");
        Assert.Equal(render.Values.IsOn("telemetry.serviceMonitor.enabled"), monitor is not null);
        if (monitor is not null)
        {
            var endpoint = monitor["spec"]!["endpoints"]!.AsArray().Single()!;
            Assert.Equal(TelemetryOptions.MetricsPath, (string?)endpoint["path"]);
            var components = monitor["spec"]!["selector"]!["matchExpressions"]![0]!["values"]!.AsArray().Select(v => (string)v!).ToList();
            var services = components.Select(c => render.Manifest.Get("Service", HelmManifest.Name(c))).ToList();
            foreach (var service in services)
            {
                var selected = monitor["spec"]!["selector"]!["matchLabels"]!.AsObject().All(l => (string?)service["metadata"]!["labels"]![l.Key] == (string?)l.Value);
                Assert.True(selected, $"the ServiceMonitor does not select the {service["metadata"]!["name"]} Service");
                // The Service names the port it scrapes, and that port leads to the container port /metrics is on.
                var port = service["spec"]!["ports"]!.AsArray().Single(p => (string?)p!["name"] == (string?)endpoint["port"])!;
                foreach (var component in new[] { "silo", "edge" }.Where(c => service["spec"]!["selector"]!.AsObject().All(l => l.Key != "app.kubernetes.io/component" || (string?)l.Value == c)))
                {
                    var container = HelmManifest.Container(render.Manifest.Get("Deployment", HelmManifest.Name(component)), component);
                    Assert.Equal(metricsPorts[component], HelmManifest.Int(HelmManifest.Port(container, (string)port["targetPort"]!)!["containerPort"]));
                }
            }

            Assert.Equal(2, services.Sum(s => new[] { "silo", "edge" }.Count(c => s["spec"]!["selector"]!.AsObject().All(l => l.Key != "app.kubernetes.io/component" || (string?)l.Value == c))));
        }

        if (render.Values.IsOn("telemetry.podAnnotations"))
        {
            foreach (var component in new[] { "silo", "edge" })
            {
                var annotations = render.Manifest.Get("Deployment", HelmManifest.Name(component))["spec"]!["template"]!["metadata"]!["annotations"]!;
                Assert.Equal(TelemetryOptions.MetricsPath, (string?)annotations["prometheus.io/path"]);
                Assert.Equal(metricsPorts[component], HelmManifest.Int(annotations["prometheus.io/port"]));
            }
        }
    }

    /// <summary>The environment variable of an option, from the names its options class gives: <c>Switchboard__Silo__AdvertisedAddress</c>.</summary>
    private static string Variable(string section, string property) => $"{section}:{property}".Replace(":", "__", StringComparison.Ordinal);

    /// <summary>Every options class of these assemblies, by its <c>Section</c> constant.</summary>
    private static List<(string Section, Type Type)> Sections(params Assembly[] assemblies) =>
        assemblies.SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string) && ((string)x.Field.GetRawConstantValue()!).StartsWith("Switchboard:", StringComparison.Ordinal))
            .Select(x => ((string)x.Field!.GetRawConstantValue()!, x.Type))
            .ToList();

    /// <summary>How long the process's host waits for its services to stop, read by the .NET host itself from this configuration.</summary>
    private static TimeSpan HostShutdownTimeout(IConfiguration configuration)
    {
        var manager = new ConfigurationManager();
        manager.AddConfiguration(configuration);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Configuration = manager });
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
    }
}
