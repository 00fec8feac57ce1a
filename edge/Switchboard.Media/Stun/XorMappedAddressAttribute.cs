using System.Buffers.Binary;
using System.Net;

namespace Switchboard.Media.Stun;

/// <summary>
/// XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the MAPPED-ADDRESS layout with the port XORed with the cookie's top 16 bits,
/// an IPv4 address with the cookie, and an IPv6 address with the cookie followed by the transaction id. The XOR
/// stops NATs that rewrite addresses they see in payloads (ALGs) from mangling it.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                X-Address (Variable)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// XOR is its own inverse, so one transform serves both directions.
/// </summary>
public static class XorMappedAddressAttribute
{
    /// <summary>The value length <paramref name="endPoint"/> needs (see <see cref="MappedAddressAttribute.GetValueLength"/>).</summary>
    public static int GetValueLength(IPEndPoint endPoint) => MappedAddressAttribute.GetValueLength(endPoint);

    /// <summary>Writes the value for <paramref name="endPoint"/> in a message with <paramref name="transactionId"/>.</summary>
    public static int Write(Span<byte> value, IPEndPoint endPoint, ReadOnlySpan<byte> transactionId)
    {
        var written = MappedAddressAttribute.Write(value, endPoint);
        ApplyXor(value[..written], transactionId);
        return written;
    }

    /// <summary>Reads a value without allocating, undoing the XOR (see <see cref="MappedAddressAttribute.TryRead(ReadOnlySpan{byte}, Span{byte}, out int, out ushort)"/>).</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, Span<byte> address, out int addressLength, out ushort port)
    {
        if (!MappedAddressAttribute.TryRead(value, address, out addressLength, out port)
            || transactionId.Length != StunHeader.TransactionIdLength)
        {
            return false;
        }

        port ^= (ushort)(StunHeader.MagicCookie >> 16);
        XorAddress(address[..addressLength], transactionId);
        return true;
    }

    /// <summary>Reads a value into a new <see cref="IPEndPoint"/> (allocates; not for the per-packet path).</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, out IPEndPoint? endPoint)
    {
        Span<byte> address = stackalloc byte[16];
        if (!TryRead(value, transactionId, address, out var length, out var port))
        {
            endPoint = null;
            return false;
        }

        endPoint = new IPEndPoint(new IPAddress(address[..length]), port);
        return true;
    }

    private static void ApplyXor(Span<byte> value, ReadOnlySpan<byte> transactionId)
    {
        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (StunHeader.MagicCookie >> 16)));
        XorAddress(value[4..], transactionId);
    }

    // §14.2: the key is the cookie (IPv4) or the cookie followed by the 96-bit transaction id (IPv6).
    private static void XorAddress(Span<byte> address, ReadOnlySpan<byte> transactionId)
    {
        Span<byte> key = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(key, StunHeader.MagicCookie);
        transactionId.CopyTo(key[4..]);
        for (var i = 0; i < address.Length; i++)
        {
            address[i] ^= key[i];
        }
    }
}
