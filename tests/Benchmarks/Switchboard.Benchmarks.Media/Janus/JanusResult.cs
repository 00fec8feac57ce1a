using Switchboard.Media.Srtp;

namespace Switchboard.Benchmarks.Media.Janus;

/// <summary>
/// What one run against Janus measured over the window: packets the publishers sent, RTP packets that reached the
/// subscribers' sockets, and Janus's CPU seconds over the same window.
/// </summary>
public sealed record JanusResult(ForwardingBenchmarkSettings Settings, SrtpProtectionProfile NegotiatedProfile, double WallSeconds, long Sent, long Delivered, double CpuSeconds, int Verified);
