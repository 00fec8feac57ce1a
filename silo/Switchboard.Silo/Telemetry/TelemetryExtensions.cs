using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Switchboard.Silo.Telemetry;

/// <summary>
/// OpenTelemetry for every Switchboard process (silo, stand-alone edge, embedded): one wiring, so a silo and an edge
/// export the same way (docs/operations.md, Telemetry).
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The edge's meter and activity source (the edge creates them; named here so silos and edges list the same).</summary>
    public const string SwitchboardEdge = "Switchboard.Edge";

    /// <summary>The meters exported: Switchboard's own, Orleans', ASP.NET Core's and Kestrel's, and the runtime's.</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        SwitchboardEdge,
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Net.Http",
        "System.Runtime",
    ];

    /// <summary>
    /// The activity sources traced: the edge's request spans and Orleans' application grain calls (client and
    /// server side). Orleans' runtime source (membership, directory, reminders) is left out: it is system noise.
    /// </summary>
    public static readonly IReadOnlyList<string> ActivitySources = [SwitchboardEdge, UntracedGrainCalls.OrleansApplicationSource];

    /// <summary>
    /// Registers OpenTelemetry from <c>Switchboard:Telemetry</c>: metrics for the Prometheus endpoint (when
    /// <see cref="TelemetryOptions.Prometheus"/>) and, with <see cref="TelemetryOptions.OtlpEndpoint"/>, metrics and
    /// traces over OTLP. Without an OTLP endpoint no tracer is registered, so no span is created anywhere. Invalid
    /// settings fail here, at start, all listed at once.
    /// </summary>
    /// <param name="defaultServiceName">The resource's <c>service.name</c> unless <see cref="TelemetryOptions.ServiceName"/> is set.</param>
    public static IServiceCollection AddSwitchboardTelemetry(this IServiceCollection services, IConfiguration configuration, string defaultServiceName)
    {
        var options = Read(configuration);
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        services.AddMetrics();
        var otlp = options.OtlpEndpoint;
        if (!options.Prometheus && otlp is null) return services;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName ?? defaultServiceName));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter([.. Meters]);
            if (options.Prometheus) metrics.AddPrometheusExporter();
            if (otlp is not null)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    Configure(exporter, options, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpMetricsInterval.TotalMilliseconds;
                });
            }
        });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                .AddSource([.. ActivitySources])
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperational(context.Request.Path))
                .AddProcessor(new UntracedGrainCalls()) // before the exporter: it sees what this one unrecords
                .AddOtlpExporter(exporter => Configure(exporter, options, "v1/traces")));
        }

        return services;
    }

    /// <summary>
    /// Serves <see cref="TelemetryOptions.MetricsPath"/> for Prometheus when <see cref="TelemetryOptions.Prometheus"/> is
    /// on: on every listener, or with <see cref="TelemetryOptions.MetricsUrl"/> only on that one (404 elsewhere: the
    /// local port decides, not the Host header, which a client chooses).
    /// </summary>
    public static IEndpointRouteBuilder MapSwitchboardMetrics(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!options.Prometheus) return endpoints;

        var scrape = endpoints.MapPrometheusScrapingEndpoint(TelemetryOptions.MetricsPath);
        if (options.MetricsUrl is { } metricsUrl)
        {
            var port = metricsUrl.Port;
            scrape.Add(endpoint =>
            {
                var serve = endpoint.RequestDelegate!;
                endpoint.RequestDelegate = context =>
                {
                    if (context.Connection.LocalPort == port) return serve(context);
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                };
            });
        }

        return endpoints;
    }

    /// <summary>
    /// Where the process listens: <c>Urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) or <c>ASPNETCORE_HTTP(S)_PORTS</c>
    /// when set, else <paramref name="defaultUrl"/> — plus <see cref="TelemetryOptions.MetricsUrl"/> when set. The
    /// default lives here, not in appsettings.json, where it would override <c>ASPNETCORE_URLS</c> (read earlier).
    /// </summary>
    public static IWebHostBuilder UseSwitchboardUrls(this IWebHostBuilder web, IConfiguration configuration, string defaultUrl)
    {
        var urls = configuration["urls"];
        var metricsUrl = configuration[$"{TelemetryOptions.Section}:{nameof(TelemetryOptions.MetricsUrl)}"];
        if (string.IsNullOrEmpty(urls))
        {
            var ports = Ports(configuration["http_ports"], "http").Concat(Ports(configuration["https_ports"], "https")).ToList();
            if (ports.Count > 0 && string.IsNullOrEmpty(metricsUrl)) return web; // Kestrel reads the ports itself
            urls = ports.Count > 0 ? string.Join(';', ports) : defaultUrl;
        }

        return web.UseUrls(string.IsNullOrEmpty(metricsUrl) ? urls : $"{urls};{metricsUrl}");
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{scheme}://*:{port}");

    /// <summary>Scrapes and probes are not traced: they would be most of the spans and say nothing.</summary>
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(TelemetryOptions.MetricsPath) || path.StartsWithSegments("/healthz");

    /// <summary>
    /// OTLP over gRPC takes the collector's address as it is; over HTTP each signal has its own path, which the
    /// exporter does not add to an endpoint set in code.
    /// </summary>
    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions options, string signalPath)
    {
        var endpoint = options.OtlpEndpoint!;
        if (string.Equals(options.OtlpProtocol, TelemetryOptions.HttpProtobuf, StringComparison.OrdinalIgnoreCase))
        {
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
        }
        else
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
        }
    }

    private static TelemetryOptions Read(IConfiguration configuration)
    {
        TelemetryOptions options;
        try
        {
            options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new TelemetryOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(TelemetryOptions.Section, typeof(TelemetryOptions), [$"{TelemetryOptions.Section}: {ex.Message}"]);
        }

        var result = new TelemetryOptionsValidator().Validate(null, options);
        if (result.Failed) throw new OptionsValidationException(TelemetryOptions.Section, typeof(TelemetryOptions), result.Failures);
        return options;
    }
}
