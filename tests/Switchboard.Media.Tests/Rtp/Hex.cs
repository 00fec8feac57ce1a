namespace Switchboard.Media.Tests.Rtp;

/// <summary>Hand-written test vectors: hex with whitespace, as the RFC figures are laid out.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
