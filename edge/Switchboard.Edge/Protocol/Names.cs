namespace Switchboard.Edge.Protocol;

/// <summary>Naming rules for rooms and users: 1 to 128 characters from <c>A-Z a-z 0-9 _ - . : @</c>.</summary>
public static class Names
{
    public const int MaxLength = 128;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '@')) return false;
        }

        return true;
    }
}
