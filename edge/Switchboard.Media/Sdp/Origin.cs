namespace Switchboard.Media.Sdp;

/// <summary>
/// The <c>o=</c> line, RFC 8866 §5.2: <c>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c>.
/// JSEP (RFC 9429 §5.2.1) uses username <c>-</c>, a random session id below 2^63 and a version it increments on every
/// new description. The id and version are kept as their digit strings: Chromium sends 19-digit ids, and keeping the
/// text avoids any reformatting on the way back out.
/// </summary>
public sealed record Origin(string Username, string SessionId, string SessionVersion, string NetType, string AddrType, string Address)
{
    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetType} {AddrType} {Address}";

    internal static bool TryParse(string value, out Origin origin, out string reason)
    {
        origin = null!;
        var parts = value.Split(' ');
        if (parts.Length != 6 || parts.Any(p => p.Length == 0))
        {
            reason = "o= needs exactly 6 space-separated fields";
            return false;
        }

        if (!SdpText.IsDigits(parts[1]) || !SdpText.IsDigits(parts[2]))
        {
            reason = "o= sess-id and sess-version must be digits";
            return false;
        }

        origin = new Origin(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        reason = "";
        return true;
    }
}
