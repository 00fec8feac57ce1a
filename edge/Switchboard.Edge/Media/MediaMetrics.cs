using System.Diagnostics.Metrics;
using Switchboard.Media.Demux;

namespace Switchboard.Edge.Media;

/// <summary>
/// The media socket's counters on the edge's meter (<c>Switchboard.Edge</c>): <c>switchboard.media.datagrams</c>
/// (tags <c>kind</c>: stun, dtls, rtp, rtcp, turn_channel, unknown; <c>outcome</c>: handled or dropped) and
/// <c>switchboard.media.sent_datagrams</c>. Plain fields that the instruments read when asked (observable counters):
/// a datagram costs one interlocked add on the receive thread, no instrument call; tests and the benchmark read the
/// same totals.
/// </summary>
public sealed class MediaMetrics
{
    private static readonly string[] KindNames = ["unknown", "stun", "dtls", "rtp", "rtcp", "turn_channel"];
    private static readonly KeyValuePair<string, object?>[][] HandledTags = Tags("handled");
    private static readonly KeyValuePair<string, object?>[][] DroppedTags = Tags("dropped");
    private readonly long[] _handled = new long[KindNames.Length];
    private readonly long[] _dropped = new long[KindNames.Length];
    private long _sent;

    public MediaMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Limits.LimitsMetrics.MeterName);
        meter.CreateObservableCounter("switchboard.media.datagrams", ObserveDatagrams, "{datagram}", "Datagrams received on the media socket, by kind and outcome");
        meter.CreateObservableCounter("switchboard.media.sent_datagrams", () => Interlocked.Read(ref _sent), "{datagram}", "Datagrams sent from the media socket");
    }

    public void Received(PacketKind kind, bool handled) => Interlocked.Increment(ref (handled ? _handled : _dropped)[Index(kind)]);

    public void Sent() => Interlocked.Increment(ref _sent);

    public long HandledOf(PacketKind kind) => Interlocked.Read(ref _handled[Index(kind)]);

    public long DroppedOf(PacketKind kind) => Interlocked.Read(ref _dropped[Index(kind)]);

    private IEnumerable<Measurement<long>> ObserveDatagrams()
    {
        for (var i = 0; i < KindNames.Length; i++)
        {
            yield return new(Interlocked.Read(ref _handled[i]), HandledTags[i]);
            yield return new(Interlocked.Read(ref _dropped[i]), DroppedTags[i]);
        }
    }

    private static KeyValuePair<string, object?>[][] Tags(string outcome) =>
        [.. KindNames.Select(kind => new KeyValuePair<string, object?>[] { new("kind", kind), new("outcome", outcome) })];

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
