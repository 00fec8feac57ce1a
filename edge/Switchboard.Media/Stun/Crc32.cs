namespace Switchboard.Media.Stun;

/// <summary>
/// CRC-32 as used by FINGERPRINT (RFC 8489 §14.7, which points at ITU-T V.42 / ISO 3309): reflected polynomial
/// 0xEDB88320, initial value and final XOR 0xFFFFFFFF, the same CRC as Ethernet, zlib and PNG.
/// </summary>
internal static class Crc32
{
    // Immutable after the type initialiser: a lookup table, not state.
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var table = Table;
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
