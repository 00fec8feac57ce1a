namespace Switchboard.Media.Sdp;

/// <summary>
/// Parses SDP text (RFC 8866 §5) into a <see cref="SessionDescription"/>. Never throws on malformed input: every
/// failure is an <see cref="SdpParseError"/> with the line number, so the signalling layer can reject and count it.
/// </summary>
/// <remarks>
/// Strict where the RFC is strict: <c>v= o= s=</c> first, the other lines in the §5 order, no unknown type letters
/// ("a parser MUST completely ignore or reject a session description that contains a type letter it does not
/// understand", §5), one <c>t=</c> at least. Lenient only where §5 asks for it: a bare LF is accepted as a line end.
/// Attributes the SFU relies on are checked with their typed readers (<see cref="SdpAttributeValidator"/>), so the
/// typed accessors never meet a malformed value from a parsed description.
/// </remarks>
public static class SdpParser
{
    /// <summary>Largest body accepted, in chars. Chromium's offers with simulcast are ~6 KB; 64 KiB leaves room for many tracks.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Most m= sections accepted (a subscriber PC with this many tracks is already far beyond a room's needs).</summary>
    public const int MaxMediaSections = 256;

    // Session-level line order, RFC 8866 §5; a line's rank must not go below the previous line's
    // (except t= after r=, which starts the next time description).
    private const string SessionOrder = "vosiuepcbtrzka";
    private const string SessionSingletons = "vosiuczk";
    private const string MediaOrder = "micbka";

    public static SdpParseResult Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return SdpParseResult.Fail(0, "empty SDP");
        if (text.Length > MaxLength) return SdpParseResult.Fail(0, $"SDP longer than SdpParser.MaxLength ({MaxLength} chars)");

        var lines = text.Split('\n');
        var count = lines.Length;
        if (lines[^1].Length == 0) count--; // the final line end, not an empty line

        Origin? origin = null;
        MediaDescription? media = null;
        var sessionRank = -1;
        var mediaRank = -1;
        var timing = (string?)null;
        var repeats = new List<string>();
        var pending = new SessionDescription(new Origin("-", "0", "0", "IN", "IP4", "0.0.0.0"));

        for (var i = 0; i < count; i++)
        {
            var number = i + 1;
            var line = lines[i];
            if (line.EndsWith('\r')) line = line[..^1];
            if (line.Length < 2 || line[1] != '=') return SdpParseResult.Fail(number, "not a <type>=<value> line");
            if (line.AsSpan(2).IndexOfAny('\r', '\0') >= 0) return SdpParseResult.Fail(number, "CR or NUL inside a line");

            var type = line[0];
            var value = line[2..];

            if (media is null && type != 'm')
            {
                var rank = SessionOrder.IndexOf(type);
                if (rank < 0) return SdpParseResult.Fail(number, $"unknown or misplaced session-level type '{Printable(type)}='");
                if (sessionRank < 2 && rank != sessionRank + 1) return SdpParseResult.Fail(number, "SDP must start with v=, o=, s=");
                var restartsTime = type == 't' && sessionRank == SessionOrder.IndexOf('r');
                if (rank < sessionRank && !restartsTime) return SdpParseResult.Fail(number, $"'{type}=' out of order (RFC 8866 §5)");
                if (rank == sessionRank && SessionSingletons.Contains(type)) return SdpParseResult.Fail(number, $"second '{type}=' line");
                if (type == 'r' && timing is null) return SdpParseResult.Fail(number, "r= without t=");
                if (rank > SessionOrder.IndexOf('r') && timing is null && pending.Times.Count == 0) return SdpParseResult.Fail(number, "no t= line before this one");
                sessionRank = rank;

                if (type is not ('t' or 'r') && timing is not null)
                {
                    pending.Times.Add(new TimeDescription(timing, [.. repeats]));
                    timing = null;
                    repeats.Clear();
                }

                string reason = "";
                var ok = type switch
                {
                    'v' => value == "0" || Reason(out reason, "v= must be 0"),
                    'o' => Origin.TryParse(value, out origin, out reason),
                    's' => value.Length > 0 || Reason(out reason, "s= must not be empty (use s=-)"),
                    'i' => Set(() => pending.Information = value),
                    'u' => Set(() => pending.Uri = value),
                    'e' => Set(() => pending.Emails.Add(value)),
                    'p' => Set(() => pending.Phones.Add(value)),
                    'c' => ConnectionData.TryParse(value, out var c, out reason) && Set(() => pending.Connection = c),
                    'b' => Bandwidth.TryParse(value, out var b, out reason) && Set(() => pending.Bandwidths.Add(b)),
                    't' => IsTiming(value) ? Set(() => { if (timing is not null) pending.Times.Add(new TimeDescription(timing, [.. repeats])); repeats.Clear(); timing = value; }) : Reason(out reason, "t= needs <start-time> <stop-time>"),
                    'r' => Set(() => repeats.Add(value)),
                    'z' => Set(() => pending.TimeZones = value),
                    'k' => Set(() => pending.Key = value),
                    'a' => AddAttribute(pending.Attributes, value, out reason),
                    _ => Reason(out reason, "unexpected type"),
                };
                if (!ok) return SdpParseResult.Fail(number, reason);
                if (type == 's') pending.SessionName = value;
                continue;
            }

            if (type == 'm')
            {
                if (sessionRank < SessionOrder.IndexOf('t')) return SdpParseResult.Fail(number, "m= before the session's t= line");
                if (timing is not null)
                {
                    pending.Times.Add(new TimeDescription(timing, [.. repeats]));
                    timing = null;
                    repeats.Clear();
                }

                if (pending.Media.Count == MaxMediaSections) return SdpParseResult.Fail(number, $"more than SdpParser.MaxMediaSections ({MaxMediaSections}) m= sections");
                if (!MediaLine.TryParse(value, out var m, out var why)) return SdpParseResult.Fail(number, why);
                media = new MediaDescription(m);
                pending.Media.Add(media);
                mediaRank = 0;
                continue;
            }

            var mediaLineRank = MediaOrder.IndexOf(type);
            if (mediaLineRank < 0) return SdpParseResult.Fail(number, $"unknown or misplaced media-level type '{Printable(type)}='");
            if (mediaLineRank < mediaRank || (mediaLineRank == mediaRank && type is 'i' or 'k')) return SdpParseResult.Fail(number, $"'{type}=' out of order in a media section (RFC 8866 §5)");
            mediaRank = mediaLineRank;

            var current = media!;
            string mediaReason = "";
            var mediaOk = type switch
            {
                'i' => Set(() => current.Title = value),
                'c' => ConnectionData.TryParse(value, out var c, out mediaReason) && Set(() => current.Connections.Add(c)),
                'b' => Bandwidth.TryParse(value, out var b, out mediaReason) && Set(() => current.Bandwidths.Add(b)),
                'k' => Set(() => current.Key = value),
                'a' => AddAttribute(current.Attributes, value, out mediaReason),
                _ => Reason(out mediaReason, "unexpected type"),
            };
            if (!mediaOk) return SdpParseResult.Fail(number, mediaReason);
        }

        if (sessionRank < SessionOrder.IndexOf('t')) return SdpParseResult.Fail(count, "SDP ends before its t= line");
        if (timing is not null) pending.Times.Add(new TimeDescription(timing, [.. repeats]));

        var sdp = new SessionDescription(origin!, pending.SessionName)
        {
            Information = pending.Information,
            Uri = pending.Uri,
            Connection = pending.Connection,
            TimeZones = pending.TimeZones,
            Key = pending.Key,
        };
        sdp.Emails.AddRange(pending.Emails);
        sdp.Phones.AddRange(pending.Phones);
        sdp.Bandwidths.AddRange(pending.Bandwidths);
        sdp.Times.AddRange(pending.Times);
        sdp.Attributes.AddRange(pending.Attributes);
        sdp.Media.AddRange(pending.Media);
        return SdpParseResult.Ok(sdp);
    }

    private static bool AddAttribute(List<SdpAttribute> attributes, string value, out string reason)
    {
        var colon = value.IndexOf(':');
        var attribute = colon < 0 ? new SdpAttribute(value) : new SdpAttribute(value[..colon], value[(colon + 1)..]);
        if (!SdpText.IsToken(attribute.Name))
        {
            reason = "attribute name is not a token (RFC 8866 §9 att-field)";
            return false;
        }

        if (!SdpAttributeValidator.IsValid(attribute, out reason)) return false;
        attributes.Add(attribute);
        return true;
    }

    private static bool IsTiming(string value)
    {
        var parts = value.Split(' ');
        return parts.Length == 2 && SdpText.IsDigits(parts[0]) && SdpText.IsDigits(parts[1]);
    }

    private static bool Set(Action action)
    {
        action();
        return true;
    }

    private static bool Reason(out string reason, string text)
    {
        reason = text;
        return false;
    }

    private static string Printable(char c) => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}";
}
