namespace Switchboard.Media.Srtp;

/// <summary>SRTP: protecting and unprotecting RTP packets (RFC 3711 §3.3, RFC 7714 §8).</summary>
public sealed partial class SrtpSession
{
    /// <summary>
    /// Protects the RTP packet in <c>buffer[..length]</c> in place and appends the tag (RFC 3711 §3.3 sender steps):
    /// estimates the index from the SSRC's ROC and highest sequence number (a sender's ROC counts its own
    /// wraps 65535 → 0), encrypts the payload, then authenticates.
    /// </summary>
    /// <param name="buffer">The packet followed by at least <see cref="RtpOverhead"/> free octets.</param>
    /// <param name="length">The RTP packet's length.</param>
    /// <param name="protectedLength">On Ok, <paramref name="length"/> + <see cref="RtpOverhead"/>.</param>
    /// <remarks>
    /// Protecting the same SSRC and sequence number twice re-uses the IV; that is harmless only for the same
    /// payload (a retransmission), never for different payloads, as for AES-GCM it would reveal the key stream.
    /// </remarks>
    public SrtpResult ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckLength(buffer, length);
        protectedLength = 0;

        SrtpResult result = SrtpPacketHeaders.TryReadRtp(buffer.Slice(0, length), out int headerLength, out ushort sequence, out uint ssrc);
        if (result != SrtpResult.Ok)
        {
            return result;
        }

        int total = length + _cipher.RtpTagLength;
        if (total > buffer.Length)
        {
            return SrtpResult.BufferTooSmall;
        }

        if (!_rtpStreams.TryGetValue(ssrc, out SrtpStreamContext? context))
        {
            // Our own SSRC: no MaxStreams bound, which limits only what a peer can make us learn.
            context = new SrtpStreamContext(ssrc, _options.ReplayWindowSize);
            _rtpStreams.Add(ssrc, context);
        }

        result = context.EstimateIndex(sequence, out ulong index);
        if (result != SrtpResult.Ok)
        {
            return result;
        }

        _cipher.ProtectRtp(buffer.Slice(0, total), headerLength, length, ssrc, (uint)(index >> 16), sequence);
        context.Advance(index);
        protectedLength = total;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Unprotects the SRTP packet <paramref name="packet"/> in place (RFC 3711 §3.3 receiver steps): estimates the
    /// index (Appendix A), drops replays and too-old packets, verifies the tag, decrypts, and only then updates the
    /// ROC, highest sequence number and replay window. A new SSRC gets a context once its first packet authenticates.
    /// </summary>
    /// <param name="packet">The whole SRTP packet; on Ok its first <paramref name="length"/> octets are the RTP packet.</param>
    /// <param name="length">On Ok, the RTP packet's length (the tag removed).</param>
    public SrtpResult UnprotectRtp(Span<byte> packet, out int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        length = 0;

        SrtpResult result = SrtpPacketHeaders.TryReadRtp(packet, out int headerLength, out ushort sequence, out uint ssrc);
        if (result != SrtpResult.Ok)
        {
            return result;
        }

        if (packet.Length < headerLength + _cipher.RtpTagLength)
        {
            return SrtpResult.TooShort;
        }

        ulong index;
        if (_rtpStreams.TryGetValue(ssrc, out SrtpStreamContext? context))
        {
            result = context.EstimateIndex(sequence, out index);
            if (result == SrtpResult.Ok)
            {
                result = context.ReplayWindow.Check(index);
            }

            if (result != SrtpResult.Ok)
            {
                return result;
            }
        }
        else
        {
            if (_rtpStreams.Count >= _options.MaxStreams)
            {
                return SrtpResult.UnknownSsrc;
            }

            // §3.3.1: a receiver starts with ROC = 0 and takes s_l from the first packet.
            index = sequence;
        }

        if (!_cipher.UnprotectRtp(packet, headerLength, ssrc, (uint)(index >> 16), sequence))
        {
            return SrtpResult.AuthFailed;
        }

        if (context is null)
        {
            context = new SrtpStreamContext(ssrc, _options.ReplayWindowSize);
            _rtpStreams.Add(ssrc, context);
        }

        context.ReplayWindow.Accept(index);
        context.Advance(index);
        length = packet.Length - _cipher.RtpTagLength;
        return SrtpResult.Ok;
    }

    /// <summary>The rollover counter of <paramref name="ssrc"/>, or null if the SSRC has no context yet.</summary>
    public uint? GetRolloverCounter(uint ssrc) =>
        _rtpStreams.TryGetValue(ssrc, out SrtpStreamContext? context) ? context.RolloverCounter : null;
}
