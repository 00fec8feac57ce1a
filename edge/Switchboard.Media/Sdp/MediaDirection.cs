namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=sendrecv</c> / <c>a=sendonly</c> / <c>a=recvonly</c> / <c>a=inactive</c>, RFC 8866 §6.7 and RFC 3264 §6.1,
/// always from the point of view of the description's author. Absent means <see cref="SendRecv"/>.
/// </summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

/// <summary>Attribute names and the answer rule of RFC 3264 §6.1 (mirrored by RFC 9429 §5.3.1).</summary>
public static class MediaDirections
{
    public static string ToAttributeName(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static bool TryParse(string? name, out MediaDirection direction)
    {
        direction = name switch
        {
            "sendrecv" => MediaDirection.SendRecv,
            "sendonly" => MediaDirection.SendOnly,
            "recvonly" => MediaDirection.RecvOnly,
            "inactive" => MediaDirection.Inactive,
            _ => (MediaDirection)(-1),
        };
        return (int)direction >= 0;
    }

    /// <summary>
    /// The direction an answerer that wants to <paramref name="send"/> and/or <paramref name="receive"/> may put in
    /// its answer to <paramref name="offered"/>: the offerer's sendonly becomes at most recvonly, and so on
    /// (RFC 3264 §6.1).
    /// </summary>
    public static MediaDirection Answer(this MediaDirection offered, bool send, bool receive)
    {
        var canSend = send && offered is MediaDirection.SendRecv or MediaDirection.RecvOnly;
        var canReceive = receive && offered is MediaDirection.SendRecv or MediaDirection.SendOnly;
        return (canSend, canReceive) switch
        {
            (true, true) => MediaDirection.SendRecv,
            (true, false) => MediaDirection.SendOnly,
            (false, true) => MediaDirection.RecvOnly,
            _ => MediaDirection.Inactive,
        };
    }
}
