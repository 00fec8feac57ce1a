namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=rtcp-fb:&lt;pt or *&gt; &lt;type&gt; [&lt;parameter&gt;]</c>, RFC 4585 §4.2 (RFC 5104 §7.1 adds <c>ccm fir</c>):
/// a feedback message the sender of this line is willing to receive. <see cref="PayloadType"/> null means <c>*</c>
/// (every payload type in the section). What an SFU uses: <c>nack</c>, <c>nack pli</c>, <c>ccm fir</c>,
/// <c>goog-remb</c>, <c>transport-cc</c>.
/// </summary>
public sealed record RtcpFeedback(int? PayloadType, string Type, string? Parameter = null)
{
    public const string AttributeName = "rtcp-fb";

    public override string ToString() =>
        (PayloadType is { } pt ? SdpText.Invariant(pt) : "*") + " " + Type + (Parameter is null ? "" : " " + Parameter);

    /// <summary>Same feedback kind (type and parameter), regardless of payload type.</summary>
    public bool IsSameKind(RtcpFeedback other) =>
        string.Equals(Type, other.Type, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(Parameter, other.Parameter, StringComparison.OrdinalIgnoreCase);

    public static bool TryParse(string? value, out RtcpFeedback feedback)
    {
        feedback = null!;
        if (value is null) return false;
        var parts = value.Split(' ', 3);
        if (parts.Length < 2 || !SdpText.IsToken(parts[1])) return false;
        int? pt = null;
        if (parts[0] != "*")
        {
            if (!PayloadTypes.TryParse(parts[0], out var n)) return false;
            pt = n;
        }

        if (parts.Length == 3 && parts[2].Length == 0) return false;
        feedback = new RtcpFeedback(pt, parts[1], parts.Length == 3 ? parts[2] : null);
        return true;
    }
}
