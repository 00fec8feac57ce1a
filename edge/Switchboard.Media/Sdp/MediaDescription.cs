namespace Switchboard.Media.Sdp;

/// <summary>
/// A media description, RFC 8866 §5: the <c>m=</c> line and the lines up to the next <c>m=</c>, in the order the RFC
/// fixes (<c>i=</c>, <c>c=</c>*, <c>b=</c>*, <c>k=</c>, <c>a=</c>*). Attributes keep their received order: Chromium
/// relies on it only for readability, but a lossless round trip is what lets tests compare SDP byte for byte.
/// Typed readers for the attributes an SFU needs are in <c>MediaDescription.Attributes.cs</c>.
/// </summary>
public sealed partial class MediaDescription
{
    public MediaDescription(MediaLine line) => Line = line;

    public MediaLine Line { get; set; }

    /// <summary><c>i=</c>, RFC 8866 §5.4.</summary>
    public string? Title { get; set; }

    /// <summary><c>c=</c> lines, RFC 8866 §5.7 (more than one only for layered multicast).</summary>
    public List<ConnectionData> Connections { get; } = [];

    /// <summary><c>b=</c> lines, RFC 8866 §5.8.</summary>
    public List<Bandwidth> Bandwidths { get; } = [];

    /// <summary><c>k=</c>, RFC 8866 §5.12 (obsolete; kept only so that a round trip is lossless).</summary>
    public string? Key { get; set; }

    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>Adds <c>a=name[:value]</c> at the end; returns this section for chaining in the builders.</summary>
    public MediaDescription Add(string name, string? value = null)
    {
        Attributes.Add(new SdpAttribute(name, value));
        return this;
    }
}
