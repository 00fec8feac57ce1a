namespace Switchboard.Media.Srtp;

/// <summary>Limits of one <see cref="SrtpSession"/>. The defaults suit a WebRTC peer connection.</summary>
public sealed record SrtpSessionOptions
{
    /// <summary>The defaults, shared because the record is immutable.</summary>
    public static SrtpSessionOptions Default { get; } = new();

    /// <summary>
    /// Replay window in packets, per SSRC, for SRTP and for SRTCP (RFC 3711 §3.3.2 requires at least 64). Default 1024,
    /// as libwebrtc uses for video, because paced, retransmitted and simulcast packets arrive far out of order.
    /// Rounded up to a multiple of 64.
    /// </summary>
    public int ReplayWindowSize { get; init; } = 1024;

    /// <summary>
    /// How many of the peer's SSRCs an unprotecting session learns (each for SRTP and SRTCP); packets for further
    /// SSRCs get <see cref="SrtpResult.UnknownSsrc"/>. Default 64: a publisher sends a few simulcast layers with RTX
    /// per track; the bound keeps memory fixed whatever the peer sends. A context is created only after the packet
    /// authenticates, so forged SSRCs cannot use the slots up. Protecting is not bounded: those SSRCs are our own.
    /// Contexts are never dropped, because a fresh context for a known SSRC would reset its ROC or SRTCP index and
    /// so re-use IVs (sender) or re-open the replay window (receiver).
    /// </summary>
    public int MaxStreams { get; init; } = 64;

    internal void Validate()
    {
        if (ReplayWindowSize < 64)
        {
            throw new ArgumentOutOfRangeException(nameof(ReplayWindowSize), ReplayWindowSize, "SrtpSessionOptions.ReplayWindowSize must be at least 64 (RFC 3711 §3.3.2).");
        }

        if (ReplayWindowSize > 1 << 15)
        {
            throw new ArgumentOutOfRangeException(nameof(ReplayWindowSize), ReplayWindowSize, "SrtpSessionOptions.ReplayWindowSize must be at most 32768 (half the sequence space, RFC 3711 Appendix A).");
        }

        if (MaxStreams < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStreams), MaxStreams, "SrtpSessionOptions.MaxStreams must be at least 1.");
        }
    }
}
