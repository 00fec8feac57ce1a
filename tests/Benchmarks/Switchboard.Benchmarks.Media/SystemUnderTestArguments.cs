using System.Globalization;
using System.Net;
using Switchboard.Benchmarks.Media.Janus;

namespace Switchboard.Benchmarks.Media;

/// <summary>The command line's choice of <see cref="SystemUnderTest"/> and, for Janus, where it is.</summary>
public static class SystemUnderTestArguments
{
    public const string Usage = "[--system ours|janus|both] [--janus ws://127.0.0.1:8188 --janus-pid PID --peer-address 198.18.0.1]";

    /// <summary>Takes the system arguments out of <paramref name="args"/>; the rest are <see cref="ForwardingBenchmarkSettings"/>'.</summary>
    public static (SystemUnderTest System, JanusTarget? Janus, string[] ForwardingArgs) Parse(string[] args)
    {
        var rest = new List<string>();
        var system = SystemUnderTest.Ours;
        Uri? url = null;
        int? pid = null;
        IPAddress? address = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--system":
                    system = Next() switch
                    {
                        "ours" => SystemUnderTest.Ours,
                        "janus" => SystemUnderTest.Janus,
                        "both" => SystemUnderTest.Both,
                        var s => throw new ArgumentException($"Unknown system '{s}'. {Usage}"),
                    };
                    break;
                case "--janus":
                    url = Uri.TryCreate(Next(), UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--janus needs a ws:// URL. {Usage}");
                    break;
                case "--janus-pid":
                    pid = int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : throw new ArgumentException($"--janus-pid needs a process id. {Usage}");
                    break;
                case "--peer-address":
                    address = IPAddress.TryParse(Next(), out var a) ? a : throw new ArgumentException($"--peer-address needs an IP address. {Usage}");
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (system == SystemUnderTest.Ours) return (system, null, rest.ToArray());
        if (url is null || pid is null) throw new ArgumentException($"--system {system.ToString().ToLowerInvariant()} needs --janus and --janus-pid. {Usage}");
        return (system, new JanusTarget(url, pid.Value, address ?? IPAddress.Parse("198.18.0.1")), rest.ToArray());
    }
}
