namespace Switchboard.Media.Sdp;

/// <summary>
/// The browser's side of the one BUNDLE transport, as its SDP states it: the ICE credentials our ICE-lite agent
/// checks in USERNAME (<c>ourUfrag:theirUfrag</c>, RFC 8445 §7.2.2), the certificate fingerprint the DTLS layer must
/// verify (RFC 8827 §6.5), and its DTLS role (RFC 5763 §5).
/// </summary>
/// <remarks>
/// With BUNDLE the values come from the tagged m= section (the first mid of the group, RFC 8843 §7.2) and are the
/// same in every bundled section as Chromium writes them; a media-level value overrides a session-level one
/// (RFC 8839 §5.4, RFC 8122 §5). Bundled sections that disagree are refused rather than guessed at.
/// </remarks>
public sealed record PeerTransport(IceCredentials Ice, Fingerprint Fingerprint, SetupRole Setup)
{
    public static bool TryRead(SessionDescription sdp, out PeerTransport transport, out string reason)
    {
        transport = null!;
        var bundled = sdp.Bundle is { } bundle
            ? bundle.Mids.Select(sdp.FindByMid).OfType<MediaDescription>().Where(m => !m.Line.IsRejected).ToList()
            : [];
        if (bundled.Count == 0)
        {
            reason = "no accepted m= section in an a=group:BUNDLE";
            return false;
        }

        var values = bundled.Select(m => (
            Ufrag: m.IceUfrag ?? sdp.IceUfrag,
            Pwd: m.IcePwd ?? sdp.IcePwd,
            Fingerprint: m.Fingerprint ?? sdp.Fingerprint,
            Setup: m.Setup ?? sdp.Setup)).ToList();
        var tagged = values[0];
        if (tagged.Ufrag is null || tagged.Pwd is null)
        {
            reason = "no a=ice-ufrag / a=ice-pwd for the BUNDLE transport";
            return false;
        }

        if (tagged.Fingerprint is null)
        {
            reason = "no a=fingerprint for the BUNDLE transport (RFC 8827 §6.5)";
            return false;
        }

        if (tagged.Setup is null)
        {
            reason = "no a=setup for the BUNDLE transport (RFC 8842 §5)";
            return false;
        }

        if (values.Any(v => v != tagged))
        {
            reason = "bundled m= sections disagree on ICE credentials, fingerprint or setup";
            return false;
        }

        transport = new PeerTransport(new IceCredentials(tagged.Ufrag, tagged.Pwd), tagged.Fingerprint, tagged.Setup.Value);
        reason = "";
        return true;
    }
}
