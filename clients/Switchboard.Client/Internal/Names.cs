namespace Switchboard.Client;

/// <summary>The protocol's naming rule for rooms, users and devices (docs/protocol.md §3), checked locally where a bad name is a programming error.</summary>
internal static class Names
{
    public const string Rule = "1-128 characters from A-Z a-z 0-9 _ - . : @.";

    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > 128) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '@')) return false;
        }

        return true;
    }
}
