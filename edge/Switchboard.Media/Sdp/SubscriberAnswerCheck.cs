namespace Switchboard.Media.Sdp;

/// <summary>
/// Checks a subscribing browser's answer against the offer <see cref="SubscriberOfferBuilder"/> made, and reads its
/// transport. RFC 3264 §6: the answer has the offer's m= sections in the same order (here: the same mids); a
/// section is either rejected (port 0) or answers our <c>sendonly</c> with <c>recvonly</c>/<c>inactive</c>.
/// RFC 5763 §5: the answerer to our <c>actpass</c> picks <c>active</c> (Chromium does) or <c>passive</c>; the SFU is
/// only ever the DTLS server, so <c>passive</c> is refused until a DTLS client role exists (notes webrtc-sfu.md c.3).
/// </summary>
public static class SubscriberAnswerCheck
{
    public static bool TryAccept(SessionDescription offer, SessionDescription answer, out PeerTransport transport, out string reason)
    {
        transport = null!;
        if (answer.Media.Count != offer.Media.Count)
        {
            reason = $"answer has {answer.Media.Count} m= sections, the offer {offer.Media.Count} (RFC 3264 §6)";
            return false;
        }

        for (var i = 0; i < offer.Media.Count; i++)
        {
            var (offered, answered) = (offer.Media[i], answer.Media[i]);
            if (answered.Mid != offered.Mid || answered.Line.Media != offered.Line.Media)
            {
                reason = $"answer m= section {i + 1} is '{answered.Line.Media}' mid '{answered.Mid}', the offer's '{offered.Line.Media}' mid '{offered.Mid}'";
                return false;
            }

            if (!answered.Line.IsRejected && answered.Direction is MediaDirection.SendOnly or MediaDirection.SendRecv)
            {
                reason = $"answer wants to send on mid '{answered.Mid}', which the SFU offered sendonly";
                return false;
            }
        }

        if (!PeerTransport.TryRead(answer, out transport, out reason)) return false;
        if (transport.Setup != SetupRole.Active)
        {
            reason = $"answer chose a=setup:{transport.Setup.ToValue()}; the SFU is always the DTLS server, so the browser must be active";
            return false;
        }

        return true;
    }
}
