namespace Switchboard.Media.Sdp;

/// <summary>
/// A <c>t=</c> line with its <c>r=</c> repeat lines, RFC 8866 §5.9-5.10. WebRTC always sends <c>t=0 0</c> (unbounded,
/// RFC 9429 §5.2.1); the values are kept as text because nothing here computes with them.
/// </summary>
public sealed record TimeDescription(string Timing, IReadOnlyList<string> Repeats)
{
    /// <summary><c>t=0 0</c>: the session is not bounded in time.</summary>
    public static TimeDescription Unbounded { get; } = new("0 0", []);
}
