using System.Security.Cryptography;

namespace Switchboard.Media.Dtls;

/// <summary>
/// The outcome of a DTLS-SRTP handshake: the negotiated SRTP profile and the keying material exported with the
/// <c>EXTRACTOR-dtls_srtp</c> label (RFC 5764 §4.2). <see cref="Dispose"/> wipes the material once the SRTP
/// contexts hold their own copies.
/// </summary>
public sealed class DtlsSrtpKeys : IDisposable
{
    private readonly byte[] _material;

    internal DtlsSrtpKeys(
        DtlsSrtpProfile profile,
        byte[] keyingMaterial,
        int cipherSuite,
        bool extendedMasterSecret,
        DtlsFingerprint remoteFingerprint,
        IReadOnlyList<int> offeredProfileIds)
    {
        if (keyingMaterial.Length != profile.KeyingMaterialLength)
            throw new ArgumentException("Keying material does not match the profile's length.", nameof(keyingMaterial));

        Profile = profile;
        _material = keyingMaterial;
        CipherSuite = cipherSuite;
        ExtendedMasterSecret = extendedMasterSecret;
        RemoteFingerprint = remoteFingerprint;
        OfferedProfileIds = offeredProfileIds;
    }

    /// <summary>The SRTP protection profile the server chose from the client's use_srtp list.</summary>
    public DtlsSrtpProfile Profile { get; }

    /// <summary>The raw exporter output: client_key | server_key | client_salt | server_salt (RFC 5764 §4.2).</summary>
    public ReadOnlyMemory<byte> KeyingMaterial => _material;

    /// <summary>The negotiated TLS cipher suite code point (e.g. 0xC02B ECDHE_ECDSA_WITH_AES_128_GCM_SHA256).</summary>
    public int CipherSuite { get; }

    /// <summary>Whether the master secret was the extended one (RFC 7627); logged, not required.</summary>
    public bool ExtendedMasterSecret { get; }

    /// <summary>The SDP fingerprint the peer's certificate was verified against.</summary>
    public DtlsFingerprint RemoteFingerprint { get; }

    /// <summary>The profile code points the client offered, in its order (useful to log what browsers offer).</summary>
    public IReadOnlyList<int> OfferedProfileIds { get; }

    /// <summary>
    /// The DTLS client's write key and salt. The client protects what it sends with them, so the server uses them
    /// to <em>unprotect</em> inbound SRTP/SRTCP.
    /// </summary>
    public DtlsSrtpMasterKey ClientWrite => new(
        _material.AsMemory(0, Profile.KeyLength),
        _material.AsMemory(2 * Profile.KeyLength, Profile.SaltLength));

    /// <summary>
    /// The DTLS server's write key and salt: as the server (always, for the SFU: RFC 5763 §5 with
    /// <c>a=setup:passive</c>) we <em>protect</em> outbound SRTP/SRTCP with them.
    /// </summary>
    public DtlsSrtpMasterKey ServerWrite => new(
        _material.AsMemory(Profile.KeyLength, Profile.KeyLength),
        _material.AsMemory(2 * Profile.KeyLength + Profile.SaltLength, Profile.SaltLength));

    /// <summary>Zeroes the keying material; the slices above then read as zeros.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_material);
}
