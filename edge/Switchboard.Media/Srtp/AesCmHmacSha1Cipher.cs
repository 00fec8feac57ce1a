using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Switchboard.Media.Srtp;

/// <summary>
/// SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode (RFC 3711 §4.1.1) and HMAC-SHA1 truncated to 80 bits
/// (§4.2), with separate session keys for SRTP and SRTCP derived by labels 0-5 (§4.3).
/// <code>
/// SRTP:  | RTP header | encrypted payload | tag (10) |             tag = HMAC(k_a, header || payload || ROC)
/// SRTCP: | 8-octet header | encrypted rest | E | index (31) | tag (10) |   tag = HMAC(k_a, everything before it)
/// IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), i = 48-bit SRTP index or 31-bit SRTCP index
/// </code>
/// </summary>
internal sealed class AesCmHmacSha1Cipher : SrtpCipher
{
    private const int TagLength = 10; // 80 bits
    private const int AuthKeyLength = 20; // n_a = 160 bits (RFC 3711 §8.2)
    private const int SaltLength = 14; // n_s = 112 bits

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpAuth;
    private readonly IncrementalHash _rtcpAuth;
    private readonly byte[] _rtpSalt = new byte[SaltLength];
    private readonly byte[] _rtcpSalt = new byte[SaltLength];

    public AesCmHmacSha1Cipher(SrtpMasterKey masterKey)
    {
        Span<byte> key = stackalloc byte[16];
        Span<byte> authKey = stackalloc byte[AuthKeyLength];
        try
        {
            SrtpKeyDerivation.Derive(masterKey.Key, masterKey.Salt, SrtpKeyLabel.RtpEncryption, key);
            SrtpKeyDerivation.Derive(masterKey.Key, masterKey.Salt, SrtpKeyLabel.RtpAuthentication, authKey);
            SrtpKeyDerivation.Derive(masterKey.Key, masterKey.Salt, SrtpKeyLabel.RtpSalt, _rtpSalt);
            _rtpCipher = new AesCounterMode(key);
            _rtpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);

            SrtpKeyDerivation.Derive(masterKey.Key, masterKey.Salt, SrtpKeyLabel.RtcpEncryption, key);
            SrtpKeyDerivation.Derive(masterKey.Key, masterKey.Salt, SrtpKeyLabel.RtcpAuthentication, authKey);
            SrtpKeyDerivation.Derive(masterKey.Key, masterKey.Salt, SrtpKeyLabel.RtcpSalt, _rtcpSalt);
            _rtcpCipher = new AesCounterMode(key);
            _rtcpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(authKey);
        }
    }

    public override int RtpTagLength => TagLength;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, uint roc, ushort sequence)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(_rtpSalt, ssrc, ((ulong)roc << 16) | sequence, iv);
        _rtpCipher.Transform(iv, packet.Slice(headerLength, payloadEnd - headerLength));
        RtpTag(packet.Slice(0, payloadEnd), roc, packet.Slice(payloadEnd, TagLength));
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, uint roc, ushort sequence)
    {
        // §3.3 steps 5-6: authenticate first, decrypt only what authenticated.
        int payloadEnd = packet.Length - TagLength;
        Span<byte> expected = stackalloc byte[TagLength];
        RtpTag(packet.Slice(0, payloadEnd), roc, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, packet.Slice(payloadEnd, TagLength)))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(_rtpSalt, ssrc, ((ulong)roc << 16) | sequence, iv);
        _rtpCipher.Transform(iv, packet.Slice(headerLength, payloadEnd - headerLength));
        return true;
    }

    public override void ProtectRtcp(Span<byte> packet, int plainLength, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(_rtcpSalt, ssrc, index, iv);
        _rtcpCipher.Transform(iv, packet.Slice(SrtpPacketHeaders.RtcpHeaderLength, plainLength - SrtpPacketHeaders.RtcpHeaderLength));

        // §3.4: E = 1 (encrypted) in the top bit, then the 31-bit index; the tag covers it.
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(plainLength, 4), 0x8000_0000u | index);
        RtcpTag(packet.Slice(0, plainLength + 4), packet.Slice(plainLength + 4, TagLength));
    }

    public override int RtcpIndexOffset(int length) => length - TagLength - 4;

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        int authenticatedEnd = packet.Length - TagLength;
        Span<byte> expected = stackalloc byte[TagLength];
        RtcpTag(packet.Slice(0, authenticatedEnd), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, packet.Slice(authenticatedEnd, TagLength)))
        {
            return false;
        }

        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
            BuildIv(_rtcpSalt, ssrc, index, iv);
            int encryptedEnd = authenticatedEnd - 4;
            _rtcpCipher.Transform(iv, packet.Slice(SrtpPacketHeaders.RtcpHeaderLength, encryptedEnd - SrtpPacketHeaders.RtcpHeaderLength));
        }

        return true;
    }

    /// <summary>§4.1.1: salt in octets 0-13, SSRC XORed into octets 4-7, the 48-bit index into octets 8-13, counter in 14-15.</summary>
    private static void BuildIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        iv[8] ^= (byte)(index >> 40);
        iv[9] ^= (byte)(index >> 32);
        iv[10] ^= (byte)(index >> 24);
        iv[11] ^= (byte)(index >> 16);
        iv[12] ^= (byte)(index >> 8);
        iv[13] ^= (byte)index;
    }

    /// <summary>§4.2: the authenticated portion is header and (encrypted) payload, with the ROC appended (§3.1).</summary>
    private void RtpTag(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> tag)
    {
        Span<byte> rocOctets = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocOctets, roc);
        Span<byte> mac = stackalloc byte[20];
        _rtpAuth.AppendData(authenticated);
        _rtpAuth.AppendData(rocOctets);
        _rtpAuth.GetHashAndReset(mac);
        mac.Slice(0, TagLength).CopyTo(tag);
    }

    private void RtcpTag(ReadOnlySpan<byte> authenticated, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[20];
        _rtcpAuth.AppendData(authenticated);
        _rtcpAuth.GetHashAndReset(mac);
        mac.Slice(0, TagLength).CopyTo(tag);
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpAuth.Dispose();
        _rtcpAuth.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }
}
