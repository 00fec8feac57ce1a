using System.Text.RegularExpressions;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// A build context's <c>.dockerignore</c>, matched as docker matches it: each pattern is a path relative to the context
/// (<c>*</c> and <c>?</c> within one segment, <c>**</c> across any number), and a pattern that matches a directory
/// excludes everything under it. Exceptions (<c>!pattern</c>) are refused rather than half-supported.
/// </summary>
public sealed class DockerIgnore
{
    private readonly Regex[] _patterns;

    private DockerIgnore(Regex[] patterns) => _patterns = patterns;

    public static DockerIgnore Load(string context)
    {
        var path = Path.Combine(context, ".dockerignore");
        var lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        var patterns = new List<Regex>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('!')) throw new NotSupportedException(".dockerignore exceptions (!) are not supported by this reader: " + line);
            patterns.Add(ToRegex(line.Trim('/')));
        }

        return new DockerIgnore([.. patterns]);
    }

    /// <summary>Whether the file at <paramref name="relativePath"/> (slash-separated) stays out of the context.</summary>
    public bool Excludes(string relativePath)
    {
        var path = relativePath.Replace('\\', '/');
        if (path.StartsWith("./")) path = path[2..];
        // The file itself or any directory above it.
        for (var end = path.Length; end > 0; end = path.LastIndexOf('/', end - 1))
        {
            var prefix = path[..end];
            if (_patterns.Any(p => p.IsMatch(prefix))) return true;
        }

        return false;
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (pattern[i] == '*') regex.Append("[^/]*");
            else if (pattern[i] == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(pattern[i].ToString()));
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
