namespace Switchboard.Media.Rtp;

/// <summary>
/// The VP8 payload descriptor that starts every VP8 RTP payload, RFC 7741 §4.2:
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL, M = 1: 15-bit PictureID, two bytes)
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// followed by the VP8 payload; when S = 1 and PID = 0 that begins with the VP8 payload header (§4.3), whose lowest
/// bit P is the inverse key-frame flag. That is all the SFU needs to send a late joiner a keyframe first.
/// </summary>
public readonly ref struct Vp8PayloadDescriptor
{
    private readonly byte _first;
    private readonly byte _extension;

    private Vp8PayloadDescriptor(byte first, byte extension, int pictureId, int tl0PicIdx, byte tidYKeyIdx, int length, ReadOnlySpan<byte> payload)
    {
        _first = first;
        _extension = extension;
        PictureId = pictureId;
        Tl0PicIdx = tl0PicIdx;
        TidYKeyIdx = tidYKeyIdx;
        Length = length;
        Payload = payload;
    }

    /// <summary>N: the frame can be discarded without affecting others.</summary>
    public bool IsNonReference => (_first & 0x20) != 0;

    /// <summary>S: this packet starts a VP8 partition.</summary>
    public bool IsStartOfPartition => (_first & 0x10) != 0;

    /// <summary>PID: partition index (0–7).</summary>
    public int PartitionIndex => _first & 0x07;

    /// <summary>I: a PictureID is present.</summary>
    public bool HasPictureId => (_extension & 0x80) != 0;

    /// <summary>PictureID (7 or 15 bits), or -1 when absent.</summary>
    public int PictureId { get; }

    /// <summary>TL0PICIDX, or -1 when absent.</summary>
    public int Tl0PicIdx { get; }

    /// <summary>T: a temporal layer index is present.</summary>
    public bool HasTemporalLayerIndex => (_extension & 0x20) != 0;

    /// <summary>TID, meaningful when <see cref="HasTemporalLayerIndex"/>.</summary>
    public int TemporalLayerIndex => TidYKeyIdx >> 6;

    /// <summary>Y: layer sync bit, meaningful when <see cref="HasTemporalLayerIndex"/>.</summary>
    public bool IsLayerSync => (TidYKeyIdx & 0x20) != 0;

    /// <summary>KEYIDX, or -1 when K = 0.</summary>
    public int KeyIndex => (_extension & 0x10) != 0 ? TidYKeyIdx & 0x1F : -1;

    /// <summary>Length of the descriptor in bytes (1–6).</summary>
    public int Length { get; }

    /// <summary>The VP8 payload after the descriptor.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>
    /// True when this packet begins a key frame: start of partition 0 (S = 1, PID = 0) and the VP8 payload header's
    /// P bit is 0 (RFC 7741 §4.3).
    /// </summary>
    public bool IsKeyFrameStart => IsStartOfPartition && PartitionIndex == 0 && !Payload.IsEmpty && (Payload[0] & 0x01) == 0;

    private byte TidYKeyIdx { get; }

    /// <summary>Parses the descriptor at the start of a VP8 RTP payload. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        var first = payload[0];
        byte extension = 0;
        int pictureId = -1, tl0PicIdx = -1;
        byte tidYKeyIdx = 0;
        var offset = 1;
        if ((first & 0x80) != 0)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            extension = payload[offset++];
            if ((extension & 0x80) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                // M bit: 15-bit PictureID over two bytes, else 7 bits.
                if ((payload[offset] & 0x80) != 0)
                {
                    if (offset + 1 >= payload.Length)
                    {
                        return false;
                    }

                    pictureId = ((payload[offset] & 0x7F) << 8) | payload[offset + 1];
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset++];
                }
            }

            if ((extension & 0x40) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                tl0PicIdx = payload[offset++];
            }

            // §4.2: one byte carries TID/Y and KEYIDX whenever T or K is set.
            if ((extension & 0x30) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                tidYKeyIdx = payload[offset++];
            }
        }

        descriptor = new Vp8PayloadDescriptor(first, extension, pictureId, tl0PicIdx, tidYKeyIdx, offset, payload[offset..]);
        return true;
    }
}
