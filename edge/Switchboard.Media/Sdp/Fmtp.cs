namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;</c>, RFC 8866 §6.15. The parameters are kept verbatim
/// (their syntax belongs to each codec's RFC); <see cref="Parameters"/> reads the common <c>key=value;key=value</c>
/// form (RFC 7587 §7 Opus, RFC 6184 §8.1 H.264, RFC 4588 rtx <c>apt=</c>).
/// </summary>
public sealed record Fmtp(int PayloadType, string Value)
{
    public const string AttributeName = "fmtp";

    public override string ToString() => $"{SdpText.Invariant(PayloadType)} {Value}";

    /// <summary>The <c>key=value</c> pairs, keys compared case-insensitively (parameter names are case-insensitive in the codec RFCs).</summary>
    public IReadOnlyDictionary<string, string> Parameters
    {
        get
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq < 0) result.TryAdd(pair, "");
                else result.TryAdd(pair[..eq].Trim(), pair[(eq + 1)..].Trim());
            }

            return result;
        }
    }

    public static bool TryParse(string? value, out Fmtp fmtp)
    {
        fmtp = null!;
        if (value is null) return false;
        var space = value.IndexOf(' ');
        if (space <= 0 || space == value.Length - 1 || !PayloadTypes.TryParse(value.AsSpan(0, space), out var pt)) return false;
        fmtp = new Fmtp(pt, value[(space + 1)..]);
        return true;
    }
}
