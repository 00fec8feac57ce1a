namespace Switchboard.Media.Sdp;

/// <summary>RTP payload type numbers as SDP writes them (RFC 3550 §5.1: 7 bits; RFC 3551 §6 static, 96-127 dynamic).</summary>
internal static class PayloadTypes
{
    public static bool TryParse(ReadOnlySpan<char> text, out int payloadType) =>
        SdpText.TryInt(text, out payloadType) && payloadType <= 127;
}
