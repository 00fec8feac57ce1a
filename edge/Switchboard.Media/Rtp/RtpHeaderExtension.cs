namespace Switchboard.Media.Rtp;

/// <summary>One RFC 8285 extension element: its local id (negotiated by <c>a=extmap</c>) and its data.</summary>
public readonly ref struct RtpHeaderExtension
{
    internal RtpHeaderExtension(byte id, ReadOnlySpan<byte> data, int offset)
    {
        Id = id;
        Data = data;
        Offset = offset;
    }

    /// <summary>Local identifier: 1–14 in the one-byte form, 1–255 in the two-byte form.</summary>
    public byte Id { get; }

    /// <summary>The element's data.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Offset of the element's first (id) byte within the extension block, for in-place rewriting.</summary>
    public int Offset { get; }
}
