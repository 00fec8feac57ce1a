using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Switchboard.Media.Stun;

/// <summary>
/// MAPPED-ADDRESS (RFC 8489 §14.1), kept for RFC 3489 peers; ICE uses <see cref="XorMappedAddressAttribute"/>, which
/// shares this layout.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |           Port                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 Address (32 bits or 128 bits)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Family 0x01 is IPv4, 0x02 IPv6.
/// </summary>
public static class MappedAddressAttribute
{
    /// <summary>Family value for IPv4.</summary>
    public const byte FamilyIPv4 = 0x01;

    /// <summary>Family value for IPv6.</summary>
    public const byte FamilyIPv6 = 0x02;

    /// <summary>Value bytes of an IPv4 address.</summary>
    public const int IPv4ValueLength = 8;

    /// <summary>Value bytes of an IPv6 address.</summary>
    public const int IPv6ValueLength = 20;

    /// <summary>
    /// The value length <paramref name="endPoint"/> needs. IPv4-mapped IPv6 addresses (what a dual-mode socket
    /// reports for an IPv4 peer) are written as IPv4, the family the peer actually used.
    /// </summary>
    public static int GetValueLength(IPEndPoint endPoint) =>
        endPoint.AddressFamily == AddressFamily.InterNetworkV6 && !endPoint.Address.IsIPv4MappedToIPv6
            ? IPv6ValueLength
            : IPv4ValueLength;

    /// <summary>Writes the value for <paramref name="endPoint"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> value, IPEndPoint endPoint)
    {
        Span<byte> address = stackalloc byte[16];
        if (!endPoint.Address.TryWriteBytes(address, out var written))
        {
            throw new ArgumentException("The address family is neither IPv4 nor IPv6.", nameof(endPoint));
        }

        var family = FamilyIPv4;
        if (written == 16 && endPoint.Address.IsIPv4MappedToIPv6)
        {
            address = address[12..];
        }
        else if (written == 16)
        {
            family = FamilyIPv6;
        }
        else
        {
            address = address[..4];
        }

        value[0] = 0;
        value[1] = family;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)endPoint.Port);
        address.CopyTo(value[4..]);
        return 4 + address.Length;
    }

    /// <summary>
    /// Reads a value without allocating: the address bytes go to <paramref name="address"/> (16 bytes) and
    /// <paramref name="addressLength"/> says how many (4 or 16). False for an unknown family or a wrong length.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> value, Span<byte> address, out int addressLength, out ushort port)
    {
        addressLength = 0;
        port = 0;
        if (value.Length < 4 || address.Length < 16)
        {
            return false;
        }

        addressLength = value[1] switch
        {
            FamilyIPv4 when value.Length == IPv4ValueLength => 4,
            FamilyIPv6 when value.Length == IPv6ValueLength => 16,
            _ => 0,
        };
        if (addressLength == 0)
        {
            return false;
        }

        port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        value.Slice(4, addressLength).CopyTo(address);
        return true;
    }

    /// <summary>Reads a value into a new <see cref="IPEndPoint"/> (allocates; not for the per-packet path).</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out IPEndPoint? endPoint)
    {
        Span<byte> address = stackalloc byte[16];
        if (!TryRead(value, address, out var length, out var port))
        {
            endPoint = null;
            return false;
        }

        endPoint = new IPEndPoint(new IPAddress(address[..length]), port);
        return true;
    }
}
