namespace Switchboard.Media.Sdp;

/// <summary>
/// One <c>a=</c> line, RFC 8866 §5.13: <c>a=&lt;attribute-name&gt;</c> (a property attribute, <see cref="Value"/> is null) or
/// <c>a=&lt;attribute-name&gt;:&lt;attribute-value&gt;</c>. The value is kept verbatim (including a leading space, as in
/// Chromium's <c>a=msid-semantic: WMS</c>) so that serializing gives back the received bytes; the typed readers
/// (<see cref="Rtpmap"/>, <see cref="IceCandidate"/>, …) interpret it.
/// </summary>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    /// <summary>The text after <c>a=</c>.</summary>
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}
