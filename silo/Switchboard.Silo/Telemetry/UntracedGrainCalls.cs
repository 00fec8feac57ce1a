using System.Diagnostics;
using OpenTelemetry;

namespace Switchboard.Silo.Telemetry;

/// <summary>
/// Keeps grain calls that no request began out of the traces: an edge's lease renewals, a silo's timers, a log's
/// pushes to edges for a publish that was not recorded. Orleans starts a span for every grain call; one with no parent
/// is background work, and recording it would make most traces noise. Such a span is marked not recorded when it
/// starts, before Orleans passes its <c>traceparent</c> on, so the calls it leads to (on other silos and edges) are
/// not recorded either. Grain calls inside a request's trace are untouched.
/// </summary>
public sealed class UntracedGrainCalls : BaseProcessor<Activity>
{
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    public override void OnStart(Activity data)
    {
        if (data.ParentSpanId == default && data.Source.Name == OrleansApplicationSource)
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            data.IsAllDataRequested = false;
        }
    }
}
