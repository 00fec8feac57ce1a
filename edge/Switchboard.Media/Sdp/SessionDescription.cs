namespace Switchboard.Media.Sdp;

/// <summary>
/// A session description, RFC 8866 §5, in the RFC's line order: <c>v= o= s= [i=] [u=] e=* p=* [c=] b=* (t= r=*)+ [z=]
/// [k=] a=*</c> then the media descriptions. <see cref="SdpParser.Parse"/> builds it from text and
/// <see cref="SdpWriter.Write"/> turns it back into the same text (CRLF line endings, RFC 8866 §5). Typed readers for
/// session-level attributes are in <c>SessionDescription.Attributes.cs</c>.
/// </summary>
public sealed partial class SessionDescription
{
    public SessionDescription(Origin origin, string sessionName = "-")
    {
        Origin = origin;
        SessionName = sessionName;
    }

    /// <summary><c>v=</c>, RFC 8866 §5.1: always 0.</summary>
    public int Version => 0;

    public Origin Origin { get; set; }

    /// <summary><c>s=</c>, RFC 8866 §5.3; JSEP uses <c>-</c> (RFC 9429 §5.2.1).</summary>
    public string SessionName { get; set; }

    /// <summary><c>i=</c>, RFC 8866 §5.4.</summary>
    public string? Information { get; set; }

    /// <summary><c>u=</c>, RFC 8866 §5.5.</summary>
    public string? Uri { get; set; }

    /// <summary><c>e=</c> lines, RFC 8866 §5.6.</summary>
    public List<string> Emails { get; } = [];

    /// <summary><c>p=</c> lines, RFC 8866 §5.6.</summary>
    public List<string> Phones { get; } = [];

    /// <summary>Session-level <c>c=</c>, RFC 8866 §5.7.</summary>
    public ConnectionData? Connection { get; set; }

    public List<Bandwidth> Bandwidths { get; } = [];

    /// <summary><c>t=</c>/<c>r=</c>, RFC 8866 §5.9-5.10; at least one (the parser and writer insist).</summary>
    public List<TimeDescription> Times { get; } = [];

    /// <summary><c>z=</c>, RFC 8866 §5.11, verbatim.</summary>
    public string? TimeZones { get; set; }

    /// <summary><c>k=</c>, RFC 8866 §5.12 (obsolete).</summary>
    public string? Key { get; set; }

    public List<SdpAttribute> Attributes { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    /// <summary>Adds a session-level <c>a=name[:value]</c> at the end; returns this description for chaining.</summary>
    public SessionDescription Add(string name, string? value = null)
    {
        Attributes.Add(new SdpAttribute(name, value));
        return this;
    }

    /// <summary>The SDP text (CRLF line endings); see <see cref="SdpWriter"/>.</summary>
    public override string ToString() => SdpWriter.Write(this);
}
