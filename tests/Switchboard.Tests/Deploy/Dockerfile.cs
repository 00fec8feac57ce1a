using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// One of <c>deploy/Dockerfile.*</c>, read as docker reads it (comments dropped, <c>\</c> continuations joined, one
/// instruction per line), so the tests exercise the very lines the images are built from. There is no docker here:
/// <see cref="RunBuildStage"/> carries out the build stage's <c>WORKDIR</c>, <c>COPY</c> and <c>RUN</c> instructions
/// itself, in a directory standing in for the container's root.
/// </summary>
public sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }

    /// <summary>The first stage: the one that builds.</summary>
    public Stage Build => Stages[0];

    /// <summary>The last stage: the image that runs.</summary>
    public Stage Runtime => Stages[^1];

    public static Dockerfile Load(string path)
    {
        var stages = new List<Stage>();
        var logical = new StringBuilder();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (logical.Length == 0 && (line.Length == 0 || line.StartsWith('#'))) continue;
            if (line.EndsWith('\\'))
            {
                logical.Append(line[..^1]).Append(' ');
                continue;
            }

            logical.Append(line);
            var text = logical.ToString().Trim();
            logical.Clear();
            var space = text.IndexOf(' ');
            var instruction = new Instruction(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim());
            if (instruction.Keyword == "FROM") stages.Add(new Stage(instruction.Arguments));
            else if (stages.Count == 0) throw new InvalidDataException($"{path}: {instruction.Keyword} before FROM.");
            else stages[^1].Instructions.Add(instruction);
        }

        return new Dockerfile(stages);
    }

    /// <summary>
    /// Runs the build stage: <paramref name="context"/> is the build context (its <c>.dockerignore</c> applies),
    /// <paramref name="root"/> stands in for the container's <c>/</c> (an absolute path in a <c>RUN</c> line is taken
    /// under it). Returns the output of every <c>RUN</c>; throws with that output when one fails.
    /// </summary>
    public string RunBuildStage(string context, string root, TimeSpan timeoutPerRun)
    {
        var ignore = DockerIgnore.Load(context);
        var workdir = root;
        var log = new StringBuilder();
        foreach (var instruction in Build.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    workdir = Under(root, workdir, instruction.Arguments);
                    Directory.CreateDirectory(workdir);
                    break;
                case "COPY":
                    Copy(context, ignore, instruction.Arguments, root, workdir);
                    break;
                case "RUN":
                    log.AppendLine("RUN " + instruction.Arguments);
                    log.AppendLine(Run(AbsolutePath().Replace(instruction.Arguments, m => Path.Join(root, m.Value)), workdir, timeoutPerRun));
                    break;
                case "ARG" or "ENV" or "LABEL":
                    throw new NotSupportedException($"The build stage uses {instruction.Keyword}; teach {nameof(Dockerfile)} to apply it.");
                default:
                    break;
            }
        }

        return log.ToString();
    }

    private static void Copy(string context, DockerIgnore ignore, string arguments, string root, string workdir)
    {
        if (arguments.StartsWith("--")) throw new NotSupportedException("COPY with flags in the build stage: " + arguments);
        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sources = parts[..^1];
        var destination = Under(root, workdir, parts[^1]);
        foreach (var source in sources)
        {
            var from = Path.GetFullPath(Path.Combine(context, source));
            if (Directory.Exists(from))
            {
                // A directory's contents (not the directory itself) go into the destination, minus what is ignored.
                foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(context, file).Replace('\\', '/');
                    if (ignore.Excludes(relative)) continue;
                    var target = Path.Combine(destination, Path.GetRelativePath(from, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(file, target, overwrite: true);
                }
            }
            else if (File.Exists(from))
            {
                if (ignore.Excludes(source)) throw new InvalidDataException($"COPY {source}: the file is excluded by .dockerignore.");
                var target = parts[^1].EndsWith('/') || sources.Length > 1 ? Path.Combine(destination, Path.GetFileName(from)) : destination;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(from, target, overwrite: true);
            }
            else
            {
                throw new FileNotFoundException($"COPY {source}: not in the build context.", from);
            }
        }
    }

    private static string Under(string root, string workdir, string path) =>
        path.StartsWith('/') ? Path.Join(root, path) : Path.GetFullPath(Path.Combine(workdir, path));

    private static string Run(string command, string workdir, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workdir, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"RUN {command} did not finish within {timeout}.");
        }

        process.WaitForExit();
        var output = stdout.Result + stderr.Result;
        if (process.ExitCode != 0) throw new InvalidOperationException($"RUN {command} failed ({process.ExitCode}):\n{output}");
        return output;
    }

    /// <summary>A token of a shell line that is an absolute path (<c>/app</c>, <c>/src/x</c>).</summary>
    [GeneratedRegex(@"(?<=^|\s)/[\w./-]*")]
    private static partial Regex AbsolutePath();

    public sealed record Instruction(string Keyword, string Arguments);

    public sealed class Stage(string from)
    {
        /// <summary>The <c>FROM</c> line: image and, after <c>AS</c>, the stage name.</summary>
        public string From { get; } = from;

        public string Image => From.Split(' ')[0];

        public List<Instruction> Instructions { get; } = [];

        public IEnumerable<string> Lines(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

        /// <summary>Every <c>ENV</c> of the stage, in the <c>KEY=value KEY2=value2</c> form (an empty value is allowed).</summary>
        public IReadOnlyDictionary<string, string> Environment()
        {
            var env = new Dictionary<string, string>();
            foreach (var line in Lines("ENV"))
            {
                foreach (Match m in EnvPair().Matches(line))
                {
                    env[m.Groups[1].Value] = m.Groups[2].Value;
                }
            }

            return env;
        }

        /// <summary>An exec-form instruction (<c>["a", "b"]</c>), e.g. <c>ENTRYPOINT</c>, or <c>HEALTHCHECK … CMD [...]</c>.</summary>
        public string[] ExecForm(string keyword)
        {
            var line = Lines(keyword).Single();
            var json = line[line.IndexOf('[')..];
            return JsonSerializer.Deserialize<string[]>(json) ?? throw new InvalidDataException($"{keyword} is not in exec form: {line}");
        }
    }

    [GeneratedRegex(@"(\w+)=(\S*)")]
    private static partial Regex EnvPair();
}
