namespace Switchboard.Media.Tests.Stun;

internal static class Hex
{
    /// <summary>Hex dump to bytes, ignoring whitespace.</summary>
    public static byte[] Decode(string dump) =>
        Convert.FromHexString(string.Concat(dump.Where(c => !char.IsWhiteSpace(c))));
}
