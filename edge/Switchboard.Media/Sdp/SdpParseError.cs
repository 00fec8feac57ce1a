namespace Switchboard.Media.Sdp;

/// <summary>
/// Why an SDP body was rejected: the 1-based line number (0 when the body as a whole is at fault, e.g. empty or too
/// large) and a reason meant for logs and metrics, never for the peer. Malformed input from a browser or a client is
/// expected traffic, so it is a value, not an exception.
/// </summary>
public sealed record SdpParseError(int Line, string Reason)
{
    public override string ToString() => Line == 0 ? Reason : $"line {Line}: {Reason}";
}
