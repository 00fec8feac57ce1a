using System.Buffers.Binary;

namespace Switchboard.Media.Rtp;

/// <summary>
/// In-place edits of an RTP packet on the forwarding path (notes c.6): the SFU rewrites SSRC/sequence/timestamp when it
/// switches layers and remaps extension ids between publisher and subscriber extmaps. Each method touches only its
/// own bits, so everything else (payload, CSRCs, other elements) stays byte-identical — and an SRTP tag computed
/// later covers the rewritten header. The packet must already have passed <see cref="RtpPacket.TryParse"/>; the
/// fixed-offset setters throw on a buffer shorter than the fixed header.
/// </summary>
public static class RtpRewriter
{
    /// <summary>Sets the SSRC (RFC 3550 §5.1, bytes 8–11).</summary>
    public static void SetSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..RtpPacket.FixedHeaderLength], ssrc);

    /// <summary>Sets the sequence number (bytes 2–3).</summary>
    public static void SetSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..RtpPacket.FixedHeaderLength], sequenceNumber);

    /// <summary>Sets the timestamp (bytes 4–7).</summary>
    public static void SetTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..RtpPacket.FixedHeaderLength], timestamp);

    /// <summary>Sets the 7-bit payload type, keeping the marker bit that shares its byte.</summary>
    public static void SetPayloadType(Span<byte> packet, byte payloadType)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        var header = packet[..RtpPacket.FixedHeaderLength];
        header[1] = (byte)((header[1] & 0x80) | payloadType);
    }

    /// <summary>Sets or clears the marker bit, keeping the payload type.</summary>
    public static void SetMarker(Span<byte> packet, bool marker)
    {
        var header = packet[..RtpPacket.FixedHeaderLength];
        header[1] = (byte)((header[1] & 0x7F) | (marker ? 0x80 : 0));
    }

    /// <summary>
    /// The writable data of the first extension element with <paramref name="id"/>, e.g. to restamp a transport-wide
    /// sequence number per outgoing transport (notes c.6). False when the packet is not RTP or has no such element.
    /// </summary>
    public static bool TryGetExtension(Span<byte> packet, byte id, out Span<byte> data)
    {
        data = default;
        if (!RtpPacket.TryParse(packet, out var rtp) || rtp.ExtensionOffset < 0)
        {
            return false;
        }

        var blockStart = rtp.ExtensionOffset + 4;
        foreach (var element in rtp.Extensions)
        {
            if (element.Id == id)
            {
                var headerSize = rtp.Extensions.Form == RtpExtensionForm.OneByte ? 1 : 2;
                data = packet.Slice(blockStart + element.Offset + headerSize, element.Data.Length);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Remaps every extension id through <paramref name="idMap"/> in one pass: <c>idMap[old]</c> is the new id, and 0
    /// removes the element by zeroing its bytes — zero bytes are padding in both RFC 8285 forms, so nothing moves and
    /// the packet length is unchanged. Ids beyond the map are kept. True with nothing to do when X = 0. False (packet
    /// untouched) when the packet is not RTP, its extension is not an RFC 8285 form, or a new id does not fit the
    /// packet's form (one-byte form: 1–14).
    /// </summary>
    public static bool TryRemapExtensionIds(Span<byte> packet, ReadOnlySpan<byte> idMap)
    {
        if (!RtpPacket.TryParse(packet, out var rtp))
        {
            return false;
        }

        var extensions = rtp.Extensions;
        var form = extensions.Form;
        if (form == RtpExtensionForm.None)
        {
            return rtp.ExtensionOffset < 0;
        }

        // Validate first, so a bad map never leaves a half-rewritten packet.
        foreach (var element in extensions)
        {
            if (element.Id < idMap.Length && form == RtpExtensionForm.OneByte && idMap[element.Id] > 14)
            {
                return false;
            }
        }

        var blockStart = rtp.ExtensionOffset + 4;
        var headerSize = form == RtpExtensionForm.OneByte ? 1 : 2;
        foreach (var element in extensions)
        {
            if (element.Id >= idMap.Length)
            {
                continue;
            }

            var newId = idMap[element.Id];
            var at = blockStart + element.Offset;
            if (newId == 0)
            {
                packet.Slice(at, headerSize + element.Data.Length).Clear();
            }
            else if (form == RtpExtensionForm.OneByte)
            {
                packet[at] = (byte)((newId << 4) | (packet[at] & 0x0F));
            }
            else
            {
                packet[at] = newId;
            }
        }

        return true;
    }
}
