namespace Switchboard.Media.Srtp;

/// <summary>
/// Outcome of protecting or unprotecting one packet. Bad input from the network is a result, never an exception:
/// the receive loop drops the packet, counts the reason and moves on. On anything but <see cref="Ok"/> the caller's
/// buffer content is unspecified and the packet must be dropped.
/// </summary>
public enum SrtpResult
{
    /// <summary>The packet was protected or unprotected; the output length is valid.</summary>
    Ok,

    /// <summary>Shorter than its fixed header, the header's CSRC list or extension, or the tag (and SRTCP index).</summary>
    TooShort,

    /// <summary>Not an RTP/RTCP version 2 packet.</summary>
    Malformed,

    /// <summary>Protect: the caller's buffer has no room after the packet for the tag (and SRTCP index).</summary>
    BufferTooSmall,

    /// <summary>The authentication tag did not verify (RFC 3711 §3.3 step 5, RFC 7714 §7.2): tampered, wrong key, or forged.</summary>
    AuthFailed,

    /// <summary>This packet index was already received inside the replay window (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>The packet index lies behind the replay window (RFC 3711 §3.3.2), so a replay cannot be ruled out.</summary>
    TooOld,

    /// <summary>Unprotect: the SSRC has no context and the session may not learn another (<see cref="SrtpSessionOptions.MaxStreams"/>).</summary>
    UnknownSsrc,

    /// <summary>The SRTP (2^48) or SRTCP (2^31) index space is used up; the session must be re-keyed (RFC 3711 §9.2).</summary>
    IndexExhausted,
}
