namespace Switchboard.Media.Srtp;

/// <summary>
/// One direction of SRTP/SRTCP for one master key (RFC 3711 §3.2): the derived session keys and a crypto context
/// per SSRC, created once on first use and kept for the session's life. An inbound session unprotects what a
/// peer sends; an outbound session protects what we send (see <see cref="SrtpKeyingMaterial.CreateSessions"/>).
/// </summary>
/// <remarks>
/// Per packet nothing is allocated: contexts live in dictionaries keyed by SSRC, scratch is on the stack or in
/// buffers owned by the cipher. Not thread-safe: a session belongs to the one loop that sends or receives for its
/// transport, which is also what keeps the ROC and replay state consistent.
/// </remarks>
public sealed partial class SrtpSession : IDisposable
{
    private readonly SrtpCipher _cipher;
    private readonly SrtpSessionOptions _options;
    private readonly Dictionary<uint, SrtpStreamContext> _rtpStreams = [];
    private readonly Dictionary<uint, SrtcpStreamContext> _rtcpStreams = [];
    private bool _disposed;

    /// <summary>Derives the session keys from <paramref name="masterKey"/> (RFC 3711 §4.3, kdr = 0).</summary>
    public SrtpSession(SrtpMasterKey masterKey, SrtpSessionOptions? options = null)
        : this(masterKey.Profile, CreateCipher(masterKey), options)
    {
    }

    internal SrtpSession(SrtpProtectionProfile profile, SrtpCipher cipher, SrtpSessionOptions? options)
    {
        _options = options ?? SrtpSessionOptions.Default;
        _options.Validate();
        Profile = profile;
        _cipher = cipher;
    }

    /// <summary>The protection profile of this session.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>Octets <see cref="ProtectRtp"/> appends; the caller's buffer needs this much room after the packet.</summary>
    public int RtpOverhead => _cipher.RtpTagLength;

    /// <summary>Octets <see cref="ProtectRtcp"/> appends: SRTCP index word and tag.</summary>
    public int RtcpOverhead => _cipher.RtcpOverhead;

    /// <summary>How many SSRCs have an SRTP context.</summary>
    public int RtpStreamCount => _rtpStreams.Count;

    /// <summary>How many SSRCs have an SRTCP context.</summary>
    public int RtcpStreamCount => _rtcpStreams.Count;

    private static SrtpCipher CreateCipher(SrtpMasterKey masterKey) => masterKey.Profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => new AesCmHmacSha1Cipher(masterKey),
        SrtpProtectionProfile.AeadAes128Gcm => new AesGcmCipher(masterKey),
        _ => throw new ArgumentOutOfRangeException(nameof(masterKey), masterKey.Profile, "Unsupported SRTP protection profile."),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _cipher.Dispose();
        _rtpStreams.Clear();
        _rtcpStreams.Clear();
    }

    private static void CheckLength(Span<byte> buffer, int length)
    {
        // A length outside the caller's own buffer is a bug in the caller, not bad network input.
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
    }
}
