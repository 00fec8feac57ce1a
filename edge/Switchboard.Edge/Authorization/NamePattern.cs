using Switchboard.Edge.Protocol;

namespace Switchboard.Edge.Authorization;

/// <summary>
/// A room or user name pattern in a permission: an exact name (<c>lobby</c>), a prefix ending in <c>*</c>
/// (<c>team-7:*</c>; <c>*</c> alone matches every name), and at most one <c>{user}</c> placeholder that stands for the
/// authenticated user's id (<c>user:{user}:*</c>, so each user gets their own rooms from one rule). Matching allocates
/// nothing.
/// </summary>
public sealed class NamePattern
{
    private const string Placeholder = "{user}";
    private readonly string _before; // the text before {user}, or the whole pattern without its '*'
    private readonly string? _after;  // the text after {user}; null when there is no placeholder
    private readonly bool _prefix;

    private NamePattern(string text, string before, string? after, bool prefix)
    {
        Text = text;
        _before = before;
        _after = after;
        _prefix = prefix;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string? text, out NamePattern pattern, out string error)
    {
        pattern = null!;
        error = "";
        if (string.IsNullOrEmpty(text) || text.Length > 2 * Names.MaxLength)
        {
            error = $"a pattern must be 1-{2 * Names.MaxLength} characters";
            return false;
        }

        var prefix = text.EndsWith('*');
        var body = prefix ? text[..^1] : text;
        var at = body.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at >= 0 && body.IndexOf(Placeholder, at + 1, StringComparison.Ordinal) >= 0)
        {
            error = "at most one {user} placeholder";
            return false;
        }

        var before = at >= 0 ? body[..at] : body;
        var after = at >= 0 ? body[(at + Placeholder.Length)..] : null;
        if (!IsNamePart(before) || (after is not null && !IsNamePart(after)) || (!prefix && at < 0 && before.Length == 0))
        {
            error = "a pattern is a name (A-Z a-z 0-9 _ - . : @) with an optional {user} and an optional trailing *";
            return false;
        }

        pattern = new NamePattern(text, before, after, prefix);
        return true;
    }

    /// <summary>Whether <paramref name="name"/> matches, with <c>{user}</c> standing for <paramref name="user"/>.</summary>
    public bool Matches(ReadOnlySpan<char> name, string user)
    {
        if (!name.StartsWith(_before, StringComparison.Ordinal)) return false;
        var rest = name[_before.Length..];
        if (_after is not null)
        {
            if (!rest.StartsWith(user, StringComparison.Ordinal)) return false;
            rest = rest[user.Length..];
            if (!rest.StartsWith(_after, StringComparison.Ordinal)) return false;
            rest = rest[_after.Length..];
        }

        return _prefix || rest.IsEmpty;
    }

    public override string ToString() => Text;

    private static bool IsNamePart(string part)
    {
        foreach (var c in part)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '@')) return false;
        }

        return true;
    }
}
