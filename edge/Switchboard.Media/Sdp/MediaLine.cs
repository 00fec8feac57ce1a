namespace Switchboard.Media.Sdp;

/// <summary>
/// The <c>m=</c> line, RFC 8866 §5.14: <c>m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; …</c>.
/// For RTP profiles the formats are payload type numbers (their meaning comes from <c>a=rtpmap</c>); for
/// <c>UDP/DTLS/SCTP</c> it is <c>webrtc-datachannel</c>. Port 0 in an answer means rejected (RFC 3264 §6, RFC 9429 §5.3.1).
/// </summary>
public sealed record MediaLine(string Media, int Port, int? PortCount, string Protocol, IReadOnlyList<string> Formats)
{
    /// <summary>Whether this m= section was rejected (or, in an offer, disabled): port zero, RFC 3264 §6.</summary>
    public bool IsRejected => Port == 0;

    public override string ToString()
    {
        var port = PortCount is { } count ? $"{SdpText.Invariant(Port)}/{SdpText.Invariant(count)}" : SdpText.Invariant(Port);
        return $"{Media} {port} {Protocol} {string.Join(' ', Formats)}";
    }

    public bool Equals(MediaLine? other) =>
        other is not null && Media == other.Media && Port == other.Port && PortCount == other.PortCount &&
        Protocol == other.Protocol && Formats.SequenceEqual(other.Formats);

    public override int GetHashCode() => HashCode.Combine(Media, Port, Protocol, Formats.Count);

    internal static bool TryParse(string value, out MediaLine media, out string reason)
    {
        media = null!;
        var parts = value.Split(' ');
        if (parts.Length < 4 || parts.Any(p => p.Length == 0))
        {
            reason = "m= needs <media> <port> <proto> and at least one <fmt>";
            return false;
        }

        if (!SdpText.IsToken(parts[0]))
        {
            reason = "m= media is not a token";
            return false;
        }

        var portText = parts[1].AsSpan();
        int? count = null;
        var slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpText.TryInt(portText[(slash + 1)..], out var n))
            {
                reason = "m= number of ports is not a number";
                return false;
            }

            count = n;
            portText = portText[..slash];
        }

        if (!SdpText.TryInt(portText, out var port) || port > 65535)
        {
            reason = "m= port is not 0-65535";
            return false;
        }

        media = new MediaLine(parts[0], port, count, parts[2], parts[3..]);
        reason = "";
        return true;
    }
}
