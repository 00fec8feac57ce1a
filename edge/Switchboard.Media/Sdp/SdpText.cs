using System.Globalization;

namespace Switchboard.Media.Sdp;

/// <summary>The RFC 8866 §9 ABNF character classes the typed readers share.</summary>
internal static class SdpText
{
    public static bool IsDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return false;
        }

        return true;
    }

    /// <summary>RFC 8866 §9 <c>token</c>: visible ASCII except the separators.</summary>
    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s)
        {
            if (c is <= ' ' or > '~' or '"' or '(' or ')' or ',' or '/' or ':' or ';' or '<' or '=' or '>' or '?' or '@' or '[' or '\\' or ']' or '{' or '}')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A decimal int in canonical form (no sign, no leading zeros), so that re-serializing gives the same text.</summary>
    public static bool TryInt(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (!IsDigits(s) || (s.Length > 1 && s[0] == '0')) return false;
        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>As <see cref="TryInt"/> for 32-bit unsigned values (SSRCs, ICE priorities).</summary>
    public static bool TryUInt(ReadOnlySpan<char> s, out uint value)
    {
        value = 0;
        if (!IsDigits(s) || (s.Length > 1 && s[0] == '0')) return false;
        return uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Invariant(uint value) => value.ToString(CultureInfo.InvariantCulture);
}
