using System.Text;

namespace Switchboard.Media.Sdp;

/// <summary>
/// Serializes a <see cref="SessionDescription"/> in RFC 8866 §5 order with CRLF after every line (§5: "lines are
/// separated by CRLF"; Chromium sends and expects CRLF). For text produced by Chromium,
/// <c>Write(Parse(text)) == text</c>.
/// </summary>
public static class SdpWriter
{
    public static string Write(SessionDescription sdp)
    {
        var sb = new StringBuilder(2048);
        Line(sb, 'v', "0");
        Line(sb, 'o', sdp.Origin.ToString());
        Line(sb, 's', sdp.SessionName);
        if (sdp.Information is not null) Line(sb, 'i', sdp.Information);
        if (sdp.Uri is not null) Line(sb, 'u', sdp.Uri);
        foreach (var e in sdp.Emails) Line(sb, 'e', e);
        foreach (var p in sdp.Phones) Line(sb, 'p', p);
        if (sdp.Connection is not null) Line(sb, 'c', sdp.Connection.ToString());
        foreach (var b in sdp.Bandwidths) Line(sb, 'b', b.ToString());
        var times = sdp.Times.Count > 0 ? sdp.Times : [TimeDescription.Unbounded];
        foreach (var t in times)
        {
            Line(sb, 't', t.Timing);
            foreach (var r in t.Repeats) Line(sb, 'r', r);
        }

        if (sdp.TimeZones is not null) Line(sb, 'z', sdp.TimeZones);
        if (sdp.Key is not null) Line(sb, 'k', sdp.Key);
        foreach (var a in sdp.Attributes) Line(sb, 'a', a.ToString());
        foreach (var m in sdp.Media)
        {
            Line(sb, 'm', m.Line.ToString());
            if (m.Title is not null) Line(sb, 'i', m.Title);
            foreach (var c in m.Connections) Line(sb, 'c', c.ToString());
            foreach (var b in m.Bandwidths) Line(sb, 'b', b.ToString());
            if (m.Key is not null) Line(sb, 'k', m.Key);
            foreach (var a in m.Attributes) Line(sb, 'a', a.ToString());
        }

        return sb.ToString();
    }

    private static void Line(StringBuilder sb, char type, string value) => sb.Append(type).Append('=').Append(value).Append("\r\n");
}
