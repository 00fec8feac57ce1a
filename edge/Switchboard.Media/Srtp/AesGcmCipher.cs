using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Switchboard.Media.Srtp;

/// <summary>
/// SRTP_AEAD_AES_128_GCM (RFC 7714): AES-128-GCM with a 16-octet tag; session key and 12-octet session salt from
/// the RFC 3711 KDF (RFC 7714 §11). No separate auth key: the tag is GCM's own.
/// <code>
/// SRTP  (§8):  | RTP header = AAD | ciphertext | tag (16) |
///              IV = (00 00 || SSRC || ROC || SEQ) XOR salt
/// SRTCP (§9):  | 8-octet header | ciphertext | tag (16) | E | index (31) |
///              IV = (00 00 || SSRC || 00 00 || 0 || index) XOR salt;  AAD = header || E | index
/// </code>
/// </summary>
/// <remarks>
/// <see cref="AesGcm.Decrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte})"/>
/// reports a bad tag only by throwing, so a forged packet costs one caught exception; good packets allocate nothing.
/// </remarks>
internal sealed class AesGcmCipher : SrtpCipher
{
    private const int TagLength = 16;
    private const int SaltLength = 12;
    private const int IvLength = 12;

    private readonly AesGcm _rtp;
    private readonly AesGcm _rtcp;
    private readonly byte[] _rtpSalt = new byte[SaltLength];
    private readonly byte[] _rtcpSalt = new byte[SaltLength];

    public AesGcmCipher(SrtpMasterKey masterKey)
    {
        Span<byte> key = stackalloc byte[16];
        try
        {
            SrtpKeyDerivation.Derive(masterKey.Key, masterKey.Salt, SrtpKeyLabel.RtpEncryption, key);
            SrtpKeyDerivation.Derive(masterKey.Key, masterKey.Salt, SrtpKeyLabel.RtpSalt, _rtpSalt);
            _rtp = new AesGcm(key, TagLength);
            SrtpKeyDerivation.Derive(masterKey.Key, masterKey.Salt, SrtpKeyLabel.RtcpEncryption, key);
            SrtpKeyDerivation.Derive(masterKey.Key, masterKey.Salt, SrtpKeyLabel.RtcpSalt, _rtcpSalt);
            _rtcp = new AesGcm(key, TagLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Builds a cipher straight from session keys, as RFC 7714 §16-17 publish them (no KDF step).</summary>
    internal AesGcmCipher(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt)
    {
        _rtp = new AesGcm(sessionKey, TagLength);
        _rtcp = new AesGcm(sessionKey, TagLength);
        sessionSalt.CopyTo(_rtpSalt);
        sessionSalt.CopyTo(_rtcpSalt);
    }

    public override int RtpTagLength => TagLength;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, uint roc, ushort sequence)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        BuildRtpIv(ssrc, roc, sequence, iv);
        Span<byte> payload = packet.Slice(headerLength, payloadEnd - headerLength);
        _rtp.Encrypt(iv, payload, payload, packet.Slice(payloadEnd, TagLength), packet.Slice(0, headerLength));
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, uint roc, ushort sequence)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        BuildRtpIv(ssrc, roc, sequence, iv);
        int payloadEnd = packet.Length - TagLength;
        Span<byte> payload = packet.Slice(headerLength, payloadEnd - headerLength);
        return TryDecrypt(_rtp, iv, payload, packet.Slice(payloadEnd, TagLength), packet.Slice(0, headerLength));
    }

    public override void ProtectRtcp(Span<byte> packet, int plainLength, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        BuildRtcpIv(ssrc, index, iv);

        // §9.1: the trailer word (E = 1, index) follows the tag but is authenticated as AAD after the header.
        uint trailer = 0x8000_0000u | index;
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(plainLength + TagLength, 4), trailer);
        Span<byte> aad = stackalloc byte[SrtpPacketHeaders.RtcpHeaderLength + 4];
        packet.Slice(0, SrtpPacketHeaders.RtcpHeaderLength).CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(SrtpPacketHeaders.RtcpHeaderLength), trailer);

        Span<byte> payload = packet.Slice(SrtpPacketHeaders.RtcpHeaderLength, plainLength - SrtpPacketHeaders.RtcpHeaderLength);
        _rtcp.Encrypt(iv, payload, payload, packet.Slice(plainLength, TagLength), aad);
    }

    public override int RtcpIndexOffset(int length) => length - 4;

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        BuildRtcpIv(ssrc, index, iv);
        int tagOffset = packet.Length - 4 - TagLength;
        Span<byte> tag = stackalloc byte[TagLength];
        packet.Slice(tagOffset, TagLength).CopyTo(tag);
        uint trailer = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(packet.Length - 4, 4));

        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[SrtpPacketHeaders.RtcpHeaderLength + 4];
            packet.Slice(0, SrtpPacketHeaders.RtcpHeaderLength).CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(SrtpPacketHeaders.RtcpHeaderLength), trailer);
            Span<byte> payload = packet.Slice(SrtpPacketHeaders.RtcpHeaderLength, tagOffset - SrtpPacketHeaders.RtcpHeaderLength);
            return TryDecrypt(_rtcp, iv, payload, tag, aad);
        }

        // §9.2, E = 0: the whole packet and the trailer are AAD, the plaintext is empty. Move the trailer next to
        // the packet (over the tag, saved above) so the AAD is one contiguous span.
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(tagOffset, 4), trailer);
        return TryDecrypt(_rtcp, iv, Span<byte>.Empty, tag, packet.Slice(0, tagOffset + 4));
    }

    private static bool TryDecrypt(AesGcm gcm, ReadOnlySpan<byte> iv, Span<byte> payload, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        try
        {
            gcm.Decrypt(iv, payload, tag, payload, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    /// <summary>RFC 7714 §8.1: 00 00 | SSRC | ROC | SEQ, XOR the 12-octet session salt.</summary>
    private void BuildRtpIv(uint ssrc, uint roc, ushort sequence, Span<byte> iv)
    {
        iv[0] = 0;
        iv[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(2, 4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(6, 4), roc);
        BinaryPrimitives.WriteUInt16BigEndian(iv.Slice(10, 2), sequence);
        XorSalt(iv, _rtpSalt);
    }

    /// <summary>RFC 7714 §9.1: 00 00 | SSRC | 00 00 | 0 | 31-bit SRTCP index, XOR the 12-octet session salt.</summary>
    private void BuildRtcpIv(uint ssrc, uint index, Span<byte> iv)
    {
        iv[0] = 0;
        iv[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(2, 4), ssrc);
        iv[6] = 0;
        iv[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(8, 4), index & SrtcpStreamContext.MaxIndex);
        XorSalt(iv, _rtcpSalt);
    }

    private static void XorSalt(Span<byte> iv, ReadOnlySpan<byte> salt)
    {
        for (int i = 0; i < IvLength; i++)
        {
            iv[i] ^= salt[i];
        }
    }

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }
}
