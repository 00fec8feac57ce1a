namespace Switchboard.Media.Sdp;

/// <summary>
/// Parses SDP text (RFC 8866 §5) into a <see cref="SessionDescription"/>. Never throws on malformed input: every
/// failure is an <see cref="SdpParseError"/> with the line number, so the signalling layer can reject and count it.
/// </summary>
/// <remarks>
/// Strict where the RFC is strict: <c>v= o= s=</c> first, the other lines in the §5 order, no unknown type letters
/// (§5 lets a parser ignore or reject a description with a type letter it does not know; we reject), one <c>t=</c>
/// at least. Lenient only where §5 allows it: a bare LF is accepted as a line end.
/// Attributes the SFU relies on are checked with their typed readers (<see cref="SdpAttributeValidator"/>), so the
/// typed accessors never meet a malformed value from a parsed description.
/// </remarks>
public static class SdpParser
{
    /// <summary>Largest body accepted, in chars. Chromium's audio+video offer is ~5.4 KB; 64 KiB leaves room for many tracks.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Most m= sections accepted (a subscriber PC with this many tracks is already far beyond a room's needs).</summary>
    public const int MaxMediaSections = 256;

    // RFC 8866 §5 line order after v= o= s=, session level and media level. A line's rank may not be below the
    // previous line's; t= after r= starts the next time description. Letters in the singleton sets appear at most once.
    private const string SessionOrder = "iuepcbtrzka";
    private const string SessionSingletons = "iuczk";
    private const string MediaOrder = "micbka";
    private const string MediaSingletons = "mik";

    public static SdpParseResult Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return SdpParseResult.Fail(0, "empty SDP");
        if (text.Length > MaxLength) return SdpParseResult.Fail(0, $"SDP longer than SdpParser.MaxLength ({MaxLength} chars)");

        var lines = SplitLines(text);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length < 2 || line[1] != '=') return SdpParseResult.Fail(i + 1, "not a <type>=<value> line");
            if (line.AsSpan(2).IndexOfAny('\r', '\0') >= 0) return SdpParseResult.Fail(i + 1, "CR or NUL inside a line");
        }

        // v=, o=, s= are the first three lines (RFC 8866 §5).
        if (lines.Count < 3 || !lines[0].StartsWith("v=", StringComparison.Ordinal) || !lines[1].StartsWith("o=", StringComparison.Ordinal) || !lines[2].StartsWith("s=", StringComparison.Ordinal))
        {
            return SdpParseResult.Fail(FirstMissingHeader(lines), "SDP must start with v=, o=, s=");
        }

        if (lines[0] != "v=0") return SdpParseResult.Fail(1, "v= must be 0");
        if (!Origin.TryParse(lines[1][2..], out var origin, out var originError)) return SdpParseResult.Fail(2, originError);
        if (lines[2].Length == 2) return SdpParseResult.Fail(3, "s= must not be empty (use s=-)");

        var sdp = new SessionDescription(origin, lines[2][2..]);
        var error = new SessionReader(sdp).Read(lines);
        return error is null ? SdpParseResult.Ok(sdp) : SdpParseResult.Fail(error.Line, error.Reason);
    }

    /// <summary>Lines without their CRLF or LF; a final line end does not make an empty last line.</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>(text.Split('\n'));
        if (lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].EndsWith('\r')) lines[i] = lines[i][..^1];
        }

        return lines;
    }

    private static int FirstMissingHeader(List<string> lines)
    {
        const string headers = "vos";
        for (var i = 0; i < 3; i++)
        {
            if (i >= lines.Count || lines[i][0] != headers[i]) return Math.Min(i + 1, lines.Count);
        }

        return 1;
    }

    /// <summary>The state of one parse after v= o= s=: which line types may come next, and where they go.</summary>
    private sealed class SessionReader(SessionDescription sdp)
    {
        private int _sessionRank = -1;
        private int _mediaRank;
        private MediaDescription? _media;
        private string? _timing;
        private readonly List<string> _repeats = [];

        public SdpParseError? Read(List<string> lines)
        {
            for (var i = 3; i < lines.Count; i++)
            {
                var type = lines[i][0];
                var value = lines[i][2..];
                var reason = type == 'm' || _media is not null ? MediaLevel(type, value) : SessionLevel(type, value);
                if (reason is not null) return new SdpParseError(i + 1, reason);
            }

            FlushTiming();
            return sdp.Times.Count == 0 ? new SdpParseError(lines.Count, "SDP ends before its t= line") : null;
        }

        private string? SessionLevel(char type, string value)
        {
            var rank = SessionOrder.IndexOf(type);
            if (rank < 0) return type is 'v' or 'o' or 's' ? $"second '{type}=' line" : $"unknown or misplaced session-level type '{Printable(type)}='";
            var nextTime = type == 't' && _sessionRank == SessionOrder.IndexOf('r');
            if (rank < _sessionRank && !nextTime) return $"'{type}=' out of order (RFC 8866 §5)";
            if (rank == _sessionRank && SessionSingletons.Contains(type)) return $"second '{type}=' line";
            if (rank > SessionOrder.IndexOf('r') && _timing is null && sdp.Times.Count == 0) return "no t= line before this one";
            _sessionRank = rank;

            switch (type)
            {
                case 'i': sdp.Information = value; break;
                case 'u': sdp.Uri = value; break;
                case 'e': sdp.Emails.Add(value); break;
                case 'p': sdp.Phones.Add(value); break;
                case 'c':
                    if (!ConnectionData.TryParse(value, out var c, out var cError)) return cError;
                    sdp.Connection = c;
                    break;
                case 'b':
                    if (!Bandwidth.TryParse(value, out var b, out var bError)) return bError;
                    sdp.Bandwidths.Add(b);
                    break;
                case 't':
                    if (!IsTiming(value)) return "t= needs <start-time> <stop-time>";
                    FlushTiming();
                    _timing = value;
                    break;
                case 'r':
                    if (_timing is null) return "r= without t=";
                    _repeats.Add(value);
                    break;
                case 'z': sdp.TimeZones = value; break;
                case 'k': sdp.Key = value; break;
                default: return AddAttribute(sdp.Attributes, value);
            }

            return null;
        }

        private string? MediaLevel(char type, string value)
        {
            if (type == 'm')
            {
                if (_media is null && _sessionRank < SessionOrder.IndexOf('t')) return "m= before the session's t= line";
                if (sdp.Media.Count == MaxMediaSections) return $"more than SdpParser.MaxMediaSections ({MaxMediaSections}) m= sections";
                if (!MediaLine.TryParse(value, out var line, out var lineError)) return lineError;
                FlushTiming();
                _media = new MediaDescription(line);
                sdp.Media.Add(_media);
                _mediaRank = 0;
                return null;
            }

            var rank = MediaOrder.IndexOf(type);
            if (rank < 0) return $"unknown or misplaced media-level type '{Printable(type)}='";
            if (rank < _mediaRank || (rank == _mediaRank && MediaSingletons.Contains(type))) return $"'{type}=' out of order in a media section (RFC 8866 §5)";
            _mediaRank = rank;

            var media = _media!;
            switch (type)
            {
                case 'i': media.Title = value; break;
                case 'c':
                    if (!ConnectionData.TryParse(value, out var c, out var cError)) return cError;
                    media.Connections.Add(c);
                    break;
                case 'b':
                    if (!Bandwidth.TryParse(value, out var b, out var bError)) return bError;
                    media.Bandwidths.Add(b);
                    break;
                case 'k': media.Key = value; break;
                default: return AddAttribute(media.Attributes, value);
            }

            return null;
        }

        private void FlushTiming()
        {
            if (_timing is null) return;
            sdp.Times.Add(new TimeDescription(_timing, [.. _repeats]));
            _timing = null;
            _repeats.Clear();
        }
    }

    /// <summary><c>a=&lt;name&gt;[:&lt;value&gt;]</c>, RFC 8866 §5.13: split at the first colon, check the name and known values.</summary>
    private static string? AddAttribute(List<SdpAttribute> attributes, string value)
    {
        var colon = value.IndexOf(':');
        var attribute = colon < 0 ? new SdpAttribute(value) : new SdpAttribute(value[..colon], value[(colon + 1)..]);
        if (!SdpText.IsToken(attribute.Name)) return "attribute name is not a token (RFC 8866 §9 att-field)";
        if (!SdpAttributeValidator.IsValid(attribute, out var reason)) return reason;
        attributes.Add(attribute);
        return null;
    }

    private static bool IsTiming(string value)
    {
        var parts = value.Split(' ');
        return parts.Length == 2 && SdpText.IsDigits(parts[0]) && SdpText.IsDigits(parts[1]);
    }

    private static string Printable(char c) => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}";
}
