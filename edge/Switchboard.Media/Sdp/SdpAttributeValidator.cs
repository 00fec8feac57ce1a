namespace Switchboard.Media.Sdp;

/// <summary>
/// Checks, while parsing, the attributes whose typed readers the SFU depends on. A description that passes can be
/// read through <see cref="MediaDescription"/>'s and <see cref="SessionDescription"/>'s accessors without meeting a
/// malformed value; any other attribute is kept verbatim and not interpreted (RFC 8866 §5.13: unknown attributes
/// are ignored, here that means carried through untouched).
/// </summary>
internal static class SdpAttributeValidator
{
    public static bool IsValid(SdpAttribute attribute, out string reason)
    {
        var value = attribute.Value;
        var ok = attribute.Name switch
        {
            Rtpmap.AttributeName => Rtpmap.TryParse(value, out _),
            Fmtp.AttributeName => Fmtp.TryParse(value, out _),
            RtcpFeedback.AttributeName => RtcpFeedback.TryParse(value, out _),
            Extmap.AttributeName => Extmap.TryParse(value, out _),
            SsrcAttribute.AttributeName => SsrcAttribute.TryParse(value, out _),
            SsrcGroup.AttributeName => SsrcGroup.TryParse(value, out _),
            Msid.AttributeName => Msid.TryParse(value, out _),
            Rid.AttributeName => Rid.TryParse(value, out _),
            Simulcast.AttributeName => Simulcast.TryParse(value, out _),
            Fingerprint.AttributeName => Fingerprint.TryParse(value, out _),
            SetupRoles.AttributeName => SetupRoles.TryParse(value, out _),
            IceCandidate.AttributeName => IceCandidate.TryParse(value, out _),
            IceCredentials.UfragAttribute => IceCredentials.IsValidUfrag(value),
            IceCredentials.PasswordAttribute => IceCredentials.IsValidPassword(value),
            Group.AttributeName => Group.TryParse(value, out _),
            MsidSemantic.AttributeName => MsidSemantic.TryParse(value, out _),
            MediaDescription.MidAttribute => value is not null && SdpText.IsToken(value) && value.Length <= 255,
            "sendrecv" or "sendonly" or "recvonly" or "inactive" or "rtcp-mux" or "rtcp-rsize" or "ice-lite" or "end-of-candidates" => value is null,
            _ => true,
        };
        reason = ok ? "" : $"malformed a={attribute.Name}";
        return ok;
    }
}
