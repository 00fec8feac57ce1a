using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Switchboard.Edge;
using Switchboard.Edge.Limits;
using Switchboard.Edge.Media;
using Switchboard.Edge.Media.Forwarding;
using Switchboard.Edge.Telemetry;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Telemetry;

/// <summary>The edge's instruments and the metrics table of docs/operations.md say the same, both ways; bad telemetry settings stop a process at start.</summary>
public sealed class DocumentedInstrumentsTests
{
    [Fact]
    public async Task EveryInstrumentOnTheEdgeMeter_IsDocumented_WithItsTypeAndUnit_AndEveryDocumentedMetricExists()
    {
        await using var server = await EdgeServer.StartAsync();
        // Resolved so that every instrument exists, the media ones too (they are otherwise made on first use).
        server.Get<EdgeMetrics>();
        server.Get<LimitsMetrics>();
        server.Get<MediaMetrics>();
        server.Get<ForwardingMetrics>();
        var instruments = new Dictionary<string, Instrument>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == LimitsMetrics.MeterName) lock (instruments) instruments[instrument.Name] = instrument;
            };
            listener.Start(); // reports every instrument that exists already
        }

        var documented = DocumentedMetrics.Read();
        foreach (var metric in documented)
        {
            Assert.True(instruments.TryGetValue(metric.Name, out var instrument), $"{metric.Name} is documented but no instrument of that name exists.");
            Assert.Equal(metric.Unit, instrument.Unit);
            Assert.Equal(metric.Type, Kind(instrument));
            Assert.False(string.IsNullOrWhiteSpace(instrument.Description), $"{metric.Name} has no description.");
        }

        Assert.Empty(instruments.Keys.Except(documented.Select(m => m.Name)));
    }

    [Theory]
    [InlineData("Switchboard:Telemetry:TraceSampleRatio=1.5", "TraceSampleRatio")]
    [InlineData("Switchboard:Telemetry:OtlpEndpoint=otel-collector:4317", "OtlpEndpoint")]
    [InlineData("Switchboard:Telemetry:OtlpProtocol=udp", "OtlpProtocol")]
    [InlineData("Switchboard:Telemetry:OtlpMetricsInterval=00:00:00.100", "OtlpMetricsInterval")]
    [InlineData("Switchboard:Telemetry:Promethus=false", "Promethus")]
    [InlineData("Switchboard:Telemetry:MetricsUrl=http://0.0.0.0", "MetricsUrl must be an http URL with a port")]
    [InlineData("Switchboard:Telemetry:MetricsUrl=http://0.0.0.0:9090/metrics", "MetricsUrl must be an http URL with a port and no path")]
    public void AnInvalidTelemetrySetting_StopsTheEdgeAtStart_NamingIt(string setting, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => EdgeApp.Build(["--Switchboard:Auth:Mode=Anonymous", "--" + setting]));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void AMetricsListenerWithPrometheusOff_StopsTheEdgeAtStart()
    {
        var error = Assert.Throws<OptionsValidationException>(() => EdgeApp.Build(
            ["--Switchboard:Auth:Mode=Anonymous", "--Switchboard:Telemetry:Prometheus=false", "--Switchboard:Telemetry:MetricsUrl=http://127.0.0.1:9090"]));
        Assert.Contains("MetricsUrl is set but Switchboard:Telemetry:Prometheus is false", error.Message);
    }

    [Fact]
    public async Task WithPrometheusOff_ThereIsNoMetricsEndpoint()
    {
        await using var server = await EdgeServer.StartAsync("Switchboard:Telemetry:Prometheus=false");
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string Kind(Instrument instrument) => instrument.GetType().GetGenericTypeDefinition() switch
    {
        var t when t == typeof(Counter<>) || t == typeof(ObservableCounter<>) => "counter",
        var t when t == typeof(UpDownCounter<>) || t == typeof(ObservableUpDownCounter<>) => "updowncounter",
        var t when t == typeof(Gauge<>) || t == typeof(ObservableGauge<>) => "gauge",
        var t when t == typeof(Histogram<>) => "histogram",
        var t => t.Name,
    };
}
