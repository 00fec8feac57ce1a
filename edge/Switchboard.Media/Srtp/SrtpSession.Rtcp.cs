using System.Buffers.Binary;

namespace Switchboard.Media.Srtp;

/// <summary>SRTCP: protecting and unprotecting (compound) RTCP packets (RFC 3711 §3.4, RFC 7714 §9).</summary>
public sealed partial class SrtpSession
{
    /// <summary>
    /// Protects the (compound) RTCP packet in <c>buffer[..length]</c> in place: encrypts everything after the first
    /// 8 octets, appends E = 1 with the sender SSRC's next 31-bit SRTCP index (starting at 0) and the tag.
    /// </summary>
    /// <param name="buffer">The packet followed by at least <see cref="RtcpOverhead"/> free octets.</param>
    /// <param name="length">The RTCP packet's length.</param>
    /// <param name="protectedLength">On Ok, <paramref name="length"/> + <see cref="RtcpOverhead"/>.</param>
    public SrtpResult ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckLength(buffer, length);
        protectedLength = 0;

        SrtpResult result = SrtpPacketHeaders.TryReadRtcp(buffer.Slice(0, length), out uint ssrc);
        if (result != SrtpResult.Ok)
        {
            return result;
        }

        int total = length + _cipher.RtcpOverhead;
        if (total > buffer.Length)
        {
            return SrtpResult.BufferTooSmall;
        }

        // Our own SSRC: no MaxStreams bound, which limits only what a peer can make us learn.
        SrtcpStreamContext context = GetOrAddRtcpStream(ssrc);
        if (!context.TryTakeNextIndex(out uint index))
        {
            return SrtpResult.IndexExhausted;
        }

        _cipher.ProtectRtcp(buffer.Slice(0, total), length, ssrc, index);
        protectedLength = total;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Unprotects the SRTCP packet <paramref name="packet"/> in place: reads the E flag and SRTCP index, drops
    /// replays and too-old indices, verifies the tag, decrypts if E = 1, then updates the sender SSRC's replay window.
    /// </summary>
    /// <param name="packet">The whole SRTCP packet; on Ok its first <paramref name="length"/> octets are the RTCP packet.</param>
    /// <param name="length">On Ok, the RTCP packet's length (index word and tag removed).</param>
    public SrtpResult UnprotectRtcp(Span<byte> packet, out int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        length = 0;

        SrtpResult result = SrtpPacketHeaders.TryReadRtcp(packet, out uint ssrc);
        if (result != SrtpResult.Ok)
        {
            return result;
        }

        if (packet.Length < SrtpPacketHeaders.RtcpHeaderLength + _cipher.RtcpOverhead)
        {
            return SrtpResult.TooShort;
        }

        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(_cipher.RtcpIndexOffset(packet.Length), 4));
        // E = 0 (authenticated only) is legal SRTCP (RFC 3711 §3.4); the tag still has to verify.
        bool encrypted = (word & 0x8000_0000u) != 0;
        uint index = word & SrtcpStreamContext.MaxIndex;

        _rtcpStreams.TryGetValue(ssrc, out SrtcpStreamContext? context);
        if (context is null && _rtcpStreams.Count >= _options.MaxStreams)
        {
            return SrtpResult.UnknownSsrc;
        }

        if (context is not null)
        {
            result = context.ReplayWindow.Check(index);
            if (result != SrtpResult.Ok)
            {
                return result;
            }
        }

        if (!_cipher.UnprotectRtcp(packet, ssrc, index, encrypted))
        {
            return SrtpResult.AuthFailed;
        }

        context ??= GetOrAddRtcpStream(ssrc);
        context.ReplayWindow.Accept(index);
        length = packet.Length - _cipher.RtcpOverhead;
        return SrtpResult.Ok;
    }

    /// <summary>Sets the SRTCP index the next protected packet of <paramref name="ssrc"/> carries (tests reproduce published vectors with it).</summary>
    internal void SetNextRtcpIndex(uint ssrc, uint index) => GetOrAddRtcpStream(ssrc).SetNextIndex(index);

    private SrtcpStreamContext GetOrAddRtcpStream(uint ssrc)
    {
        if (_rtcpStreams.TryGetValue(ssrc, out SrtcpStreamContext? context))
        {
            return context;
        }

        context = new SrtcpStreamContext(ssrc, _options.ReplayWindowSize);
        _rtcpStreams.Add(ssrc, context);
        return context;
    }
}
