using System.Diagnostics.Metrics;
using Switchboard.Media.Demux;

namespace Switchboard.Edge.Media;

/// <summary>
/// The media socket's counters on the edge's meter (<c>Switchboard.Edge</c>): <c>switchboard.media.datagrams</c>
/// (tags <c>kind</c>: stun, dtls, rtp, rtcp, turn_channel, unknown; <c>outcome</c>: handled or dropped) and
/// <c>switchboard.media.sent_datagrams</c>. Also kept as plain totals for the tests and the benchmark.
/// </summary>
public sealed class MediaMetrics
{
    private static readonly string[] KindNames = ["unknown", "stun", "dtls", "rtp", "rtcp", "turn_channel"];
    private readonly Counter<long> _datagrams;
    private readonly Counter<long> _sent;
    private readonly long[] _handled = new long[KindNames.Length];
    private readonly long[] _dropped = new long[KindNames.Length];

    public MediaMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Limits.LimitsMetrics.MeterName);
        _datagrams = meter.CreateCounter<long>("switchboard.media.datagrams", "{datagram}", "Datagrams received on the media socket, by kind and outcome");
        _sent = meter.CreateCounter<long>("switchboard.media.sent_datagrams", "{datagram}", "Datagrams sent from the media socket");
    }

    public void Received(PacketKind kind, bool handled)
    {
        var index = Index(kind);
        Interlocked.Increment(ref (handled ? _handled : _dropped)[index]);
        if (_datagrams.Enabled) _datagrams.Add(1, new("kind", KindNames[index]), new("outcome", handled ? "handled" : "dropped"));
    }

    public void Sent() => _sent.Add(1);

    public long HandledOf(PacketKind kind) => Interlocked.Read(ref _handled[Index(kind)]);

    public long DroppedOf(PacketKind kind) => Interlocked.Read(ref _dropped[Index(kind)]);

    private static int Index(PacketKind kind) => kind switch
    {
        PacketKind.Stun => 1,
        PacketKind.Dtls => 2,
        PacketKind.Rtp => 3,
        PacketKind.Rtcp => 4,
        PacketKind.TurnChannel => 5,
        _ => 0,
    };
}
