namespace Switchboard.Media.Sdp;

/// <summary>
/// The <c>c=</c> line, RFC 8866 §5.7: <c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c>, e.g. <c>IN IP4 0.0.0.0</c>.
/// With ICE the address is only the default candidate (RFC 8839 §4.2.1.1); Chromium writes <c>0.0.0.0</c> and port 9
/// before it has gathered. Multicast TTL/count suffixes stay inside <see cref="Address"/> verbatim.
/// </summary>
public sealed record ConnectionData(string NetType, string AddrType, string Address)
{
    public override string ToString() => $"{NetType} {AddrType} {Address}";

    internal static bool TryParse(string value, out ConnectionData connection, out string reason)
    {
        connection = null!;
        var parts = value.Split(' ');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            reason = "c= needs exactly 3 space-separated fields";
            return false;
        }

        connection = new ConnectionData(parts[0], parts[1], parts[2]);
        reason = "";
        return true;
    }
}
