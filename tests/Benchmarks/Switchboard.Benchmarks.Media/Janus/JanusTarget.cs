using System.Net;

namespace Switchboard.Benchmarks.Media.Janus;

/// <summary>
/// The Janus to measure: its WebSocket API (<c>--janus</c>), its process id for CPU time (<c>--janus-pid</c>) and the
/// address our synthetic peers bind to (<c>--peer-address</c>; libnice gathers no loopback candidates, so this is the
/// veth address Janus gathers on, see compare-janus.sh).
/// </summary>
public sealed record JanusTarget(Uri Url, int Pid, IPAddress PeerAddress);
