namespace Switchboard.Media.Sdp;

/// <summary>
/// The <c>b=</c> line, RFC 8866 §5.8: <c>b=&lt;bwtype&gt;:&lt;bandwidth&gt;</c> in kbit/s (<c>AS</c>, <c>CT</c>) or bit/s
/// (<c>TIAS</c>, RFC 3890). Unknown types are kept (RFC 8866 says to ignore them, and we must re-serialize them).
/// </summary>
public sealed record Bandwidth(string Type, long Value)
{
    public override string ToString() => $"{Type}:{Value}";

    internal static bool TryParse(string value, out Bandwidth bandwidth, out string reason)
    {
        bandwidth = null!;
        var colon = value.IndexOf(':');
        if (colon <= 0 || !SdpText.IsToken(value.AsSpan(0, colon)))
        {
            reason = "b= needs <bwtype>:<bandwidth>";
            return false;
        }

        var number = value[(colon + 1)..];
        if (!SdpText.IsDigits(number) || !long.TryParse(number, out var bits) || number != bits.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            reason = "b= bandwidth must be a canonical non-negative integer";
            return false;
        }

        bandwidth = new Bandwidth(value[..colon], bits);
        reason = "";
        return true;
    }
}
