using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1; RFC 4585 §6.1 names the count field FMT):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| RC/SC/FMT |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// length is the packet size in 32-bit words minus one, header and padding included.
/// </summary>
public readonly record struct RtcpHeader(bool Padding, int Count, RtcpPacketType PacketType, int PacketLength)
{
    /// <summary>Header size in bytes.</summary>
    public const int Length = 4;

    /// <summary>The only RTCP version (RFC 3550 §6.4.1).</summary>
    public const int Version = 2;

    /// <summary>Reads the header; false when short or not version 2. Does not check the length against the buffer.</summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, out RtcpHeader header)
    {
        header = default;
        if (buffer.Length < Length || buffer[0] >> 6 != Version)
        {
            return false;
        }

        header = new RtcpHeader(
            (buffer[0] & 0x20) != 0,
            buffer[0] & 0x1F,
            (RtcpPacketType)buffer[1],
            4 * (BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]) + 1));
        return true;
    }

    /// <summary>
    /// Writes a header for a packet of <paramref name="packetLength"/> bytes (a multiple of 4, no padding): the shared
    /// first step of every writer in this folder.
    /// </summary>
    internal static void Write(Span<byte> destination, int count, RtcpPacketType type, int packetLength)
    {
        if (destination.Length < packetLength)
        {
            throw new ArgumentException(
                $"The RTCP {type} packet needs {packetLength} bytes; the buffer has {destination.Length}.", nameof(destination));
        }

        if (packetLength % 4 != 0 || packetLength > 4 * 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(packetLength), packetLength, "RTCP packets are whole 32-bit words.");
        }

        destination[0] = (byte)((Version << 6) | (count & 0x1F));
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(packetLength / 4 - 1));
    }
}
