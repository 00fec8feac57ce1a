namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=simulcast:send &lt;streams&gt; [recv &lt;streams&gt;]</c> (either order), RFC 8853 §5.1. Streams are separated by
/// <c>;</c>, alternative formats of one stream by <c>,</c>, and a <c>~</c> prefix marks a stream paused. Chromium
/// offers <c>a=simulcast:send q;h;f</c>; the SFU answers <c>a=simulcast:recv q;h;f</c> (RFC 8853 offer/answer).
/// </summary>
public sealed record Simulcast(IReadOnlyList<IReadOnlyList<SimulcastStream>> Send, IReadOnlyList<IReadOnlyList<SimulcastStream>> Recv)
{
    public const string AttributeName = "simulcast";

    /// <summary>The same streams with send and recv swapped: what an answerer echoes.</summary>
    public Simulcast Reversed() => new(Recv, Send);

    public override string ToString()
    {
        var parts = new List<string>(2);
        if (Send.Count > 0) parts.Add("send " + Format(Send));
        if (Recv.Count > 0) parts.Add("recv " + Format(Recv));
        return string.Join(' ', parts);
    }

    public static bool TryParse(string? value, out Simulcast simulcast)
    {
        simulcast = null!;
        if (value is null) return false;
        var parts = value.Split(' ');
        if (parts.Length is not (2 or 4)) return false;
        IReadOnlyList<IReadOnlyList<SimulcastStream>> send = [], recv = [];
        for (var i = 0; i < parts.Length; i += 2)
        {
            if (!TryParseList(parts[i + 1], out var list)) return false;
            if (parts[i] == "send" && send.Count == 0) send = list;
            else if (parts[i] == "recv" && recv.Count == 0) recv = list;
            else return false;
        }

        simulcast = new Simulcast(send, recv);
        return true;
    }

    public bool Equals(Simulcast? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    private static string Format(IReadOnlyList<IReadOnlyList<SimulcastStream>> streams) =>
        string.Join(';', streams.Select(alternatives => string.Join(',', alternatives)));

    private static bool TryParseList(string text, out IReadOnlyList<IReadOnlyList<SimulcastStream>> list)
    {
        list = [];
        var streams = new List<IReadOnlyList<SimulcastStream>>();
        foreach (var stream in text.Split(';'))
        {
            var alternatives = new List<SimulcastStream>();
            foreach (var alternative in stream.Split(','))
            {
                var paused = alternative.StartsWith('~');
                var id = paused ? alternative[1..] : alternative;
                if (!Rid.IsRidId(id)) return false;
                alternatives.Add(new SimulcastStream(id, paused));
            }

            streams.Add(alternatives);
        }

        list = streams;
        return true;
    }
}

/// <summary>One rid in an <c>a=simulcast</c> list; <see cref="Paused"/> is the <c>~</c> prefix (RFC 8853 §5.1).</summary>
public sealed record SimulcastStream(string Rid, bool Paused = false)
{
    public override string ToString() => Paused ? "~" + Rid : Rid;
}
