using System.Buffers.Binary;
using Switchboard.Media.Srtp;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>Builds RTP/RTCP packets and keyed session pairs for the SRTP tests.</summary>
internal static class TestPackets
{
    public static readonly SrtpProtectionProfile[] Profiles =
        [SrtpProtectionProfile.Aes128CmHmacSha1_80, SrtpProtectionProfile.AeadAes128Gcm];

    /// <summary>An RTP packet: V=2, PT 96, the given CSRC count and one-byte-header extension (RFC 8285) of <paramref name="extensionWords"/> words.</summary>
    public static byte[] Rtp(uint ssrc, ushort sequence, int payloadLength, int csrcCount = 0, int extensionWords = -1, int seed = 0)
    {
        Random random = new(seed);
        bool hasExtension = extensionWords >= 0;
        int headerLength = 12 + 4 * csrcCount + (hasExtension ? 4 + 4 * extensionWords : 0);
        byte[] packet = new byte[headerLength + payloadLength];
        packet[0] = (byte)(0x80 | (hasExtension ? 0x10 : 0) | csrcCount);
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)random.Next());
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 0; i < csrcCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12 + 4 * i), (uint)random.Next());
        }

        if (hasExtension)
        {
            int at = 12 + 4 * csrcCount;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at + 2), (ushort)extensionWords);
            random.NextBytes(packet.AsSpan(at + 4, 4 * extensionWords));
        }

        random.NextBytes(packet.AsSpan(headerLength));
        return packet;
    }

    /// <summary>A (compound-looking) RTCP packet: an SR header for <paramref name="ssrc"/> followed by random octets.</summary>
    public static byte[] Rtcp(uint ssrc, int length, int seed = 0)
    {
        Random random = new(seed);
        byte[] packet = new byte[length];
        random.NextBytes(packet);
        packet[0] = 0x80;
        packet[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(length / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        return packet;
    }

    /// <summary>Exported keying material of the profile's length, as the DTLS exporter would return it.</summary>
    public static byte[] KeyingMaterial(SrtpProtectionProfile profile, int seed = 1)
    {
        byte[] material = new byte[profile.KeyingMaterialLength()];
        new Random(seed).NextBytes(material);
        return material;
    }

    /// <summary>The SFU (DTLS server) and browser (DTLS client) session pairs of one association.</summary>
    public static (SrtpSessionPair Server, SrtpSessionPair Client) Association(SrtpProtectionProfile profile, SrtpSessionOptions? options = null)
    {
        Assert.True(SrtpKeyingMaterial.TrySplit(profile, KeyingMaterial(profile), out SrtpKeyingMaterial? material));
        return (material.CreateSessions(SrtpRole.Server, options), material.CreateSessions(SrtpRole.Client, options));
    }

    /// <summary>Protects a copy of <paramref name="plain"/>; returns the SRTP bytes.</summary>
    public static byte[] ProtectRtp(SrtpSession session, byte[] plain)
    {
        byte[] buffer = new byte[plain.Length + session.RtpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, session.ProtectRtp(buffer, plain.Length, out int length));
        Assert.Equal(buffer.Length, length);
        return buffer;
    }

    /// <summary>Protects a copy of <paramref name="plain"/>; returns the SRTCP bytes.</summary>
    public static byte[] ProtectRtcp(SrtpSession session, byte[] plain)
    {
        byte[] buffer = new byte[plain.Length + session.RtcpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, session.ProtectRtcp(buffer, plain.Length, out int length));
        Assert.Equal(buffer.Length, length);
        return buffer;
    }

    /// <summary>Unprotects a copy of <paramref name="packet"/> (so the caller can replay the original).</summary>
    public static (SrtpResult Result, byte[] Plain) UnprotectRtp(SrtpSession session, byte[] packet)
    {
        byte[] copy = (byte[])packet.Clone();
        SrtpResult result = session.UnprotectRtp(copy, out int length);
        return (result, copy.AsSpan(0, length).ToArray());
    }

    /// <summary>Unprotects a copy of <paramref name="packet"/>.</summary>
    public static (SrtpResult Result, byte[] Plain) UnprotectRtcp(SrtpSession session, byte[] packet)
    {
        byte[] copy = (byte[])packet.Clone();
        SrtpResult result = session.UnprotectRtcp(copy, out int length);
        return (result, copy.AsSpan(0, length).ToArray());
    }
}
