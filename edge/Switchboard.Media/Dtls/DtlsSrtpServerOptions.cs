namespace Switchboard.Media.Dtls;

/// <summary>Tunables of the DTLS-SRTP server side. The defaults are what a browser-facing SFU should use.</summary>
public sealed record DtlsSrtpServerOptions
{
    /// <summary>
    /// SRTP profiles we accept, most preferred first; the first one the client also offers wins (the server chooses,
    /// RFC 5764 §4.1.1). AEAD-AES-128-GCM before AES-CM/HMAC-SHA1-80: both are mandatory to implement for WebRTC
    /// (RFC 8827 §6.5), and GCM is cheaper per packet and has a shorter tag.
    /// </summary>
    public IReadOnlyList<DtlsSrtpProfile> SrtpProfiles { get; init; } =
        [DtlsSrtpProfile.AeadAes128Gcm, DtlsSrtpProfile.Aes128CmHmacSha1_80];

    /// <summary>
    /// Upper bound for the whole handshake, from the first datagram awaited to the Finished. BouncyCastle's default is
    /// infinite, which would pin a thread per silent peer; ICE has already proven reachability, so a handshake that
    /// takes longer than this is not going to finish.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// First retransmission timer of a flight, doubled on each expiry (RFC 6347 §4.2.4.1 recommends 1 s). The browser,
    /// as client, drives recovery of most losses with its own timer; ours only re-sends our second flight.
    /// </summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest datagram we send. Kept below any sane path MTU so BouncyCastle fragments the certificate flight into
    /// handshake fragments (RFC 6347 §4.2.3) instead of relying on IP fragmentation, which NATs and firewalls drop.
    /// </summary>
    public int MaxSendDatagramSize { get; init; } = 1200;

    /// <summary>Largest datagram accepted from the demux; larger ones are dropped (Ethernet MTU minus IP/UDP headers).</summary>
    public int MaxReceiveDatagramSize { get; init; } = 1472;

    /// <summary>
    /// Inbound datagrams buffered per session while the handshake thread is busy; beyond this they are dropped and
    /// counted, like a full socket buffer (DTLS retransmission recovers them).
    /// </summary>
    public int ReceiveQueueCapacity { get; init; } = 64;

    internal void Validate()
    {
        if (SrtpProfiles.Count == 0)
            throw new ArgumentException("At least one SRTP profile is required.", nameof(SrtpProfiles));
        if (HandshakeTimeout <= TimeSpan.Zero || HandshakeTimeout.TotalMilliseconds > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout));
        if (InitialRetransmitTimeout <= TimeSpan.Zero || InitialRetransmitTimeout > HandshakeTimeout)
            throw new ArgumentOutOfRangeException(nameof(InitialRetransmitTimeout));
        // Room for a record header, a handshake fragment header and an AEAD expansion, with something left to carry.
        if (MaxSendDatagramSize < 256 || MaxReceiveDatagramSize < 256)
            throw new ArgumentOutOfRangeException(nameof(MaxSendDatagramSize));
        if (ReceiveQueueCapacity < 1)
            throw new ArgumentOutOfRangeException(nameof(ReceiveQueueCapacity));
    }
}
