namespace Switchboard.Benchmarks;

/// <summary>What to run, parsed from the command line (see <see cref="Usage"/>).</summary>
public sealed class BenchmarkSettings
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tests/Benchmarks/Switchboard.Benchmarks -- <fanout|chat|idle|all> [options]
          --systems switchboard,signalr,limit   systems to run, in this order (default: all three); switchboard-<S>s<E>e
                                 is a cluster on Redis with S silos and E edges (1-9), e.g. switchboard-1s1e,switchboard-1s2e
          --subscribers N        fan-out: subscribers of the one room (default 1000)
          --fanout-publishers N  fan-out: publisher connections sharing the rate (default 1)
          --rates a,b,c          fan-out and chat: offered deliveries/s per step (default: ×1.25 ladders from 100k / 20k)
          --rooms N              chat: rooms (default 20)
          --members N            chat: members per room (default 100)
          --publishers N         chat: members per room that publish (default 10)
          --connections N        idle: connections at the last step (default 18000, under the 20,000 open files a process may hold)
          --step-seconds S       seconds per measured step (default 5)
          --payload B            payload padding in bytes (default 64)
          --server-gc            run every server with server GC (default: workstation GC for all)
          --out FILE             also write the Markdown report to FILE
          --smoke                tiny sizes and 1 s steps: proves the harness runs, measures nothing
        """;

    public string Scenario { get; private set; } = "";

    public string[] Systems { get; private set; } = ["switchboard", "signalr", "limit"];

    public int Subscribers { get; private set; } = 1_000;

    /// <summary>Fan-out: publisher connections sharing the offered rate.</summary>
    public int FanOutPublishers { get; private set; } = 1;

    /// <summary>A geometric ladder (×1.25) so saturation is found within 25 %.</summary>
    public double[] FanOutRates { get; private set; } = Ladder(100_000, 4_000_000);

    public double[] ChatRates { get; private set; } = Ladder(20_000, 4_000_000);

    public int Rooms { get; private set; } = 20;

    public int Members { get; private set; } = 100;

    public int PublishersPerRoom { get; private set; } = 10;

    public int Connections { get; private set; } = 18_000;

    public TimeSpan Step { get; private set; } = TimeSpan.FromSeconds(5);

    public int PayloadBytes { get; private set; } = 64;

    public bool ServerGc { get; private set; }

    public string? OutFile { get; private set; }

    public bool Smoke { get; private set; }

    /// <summary>How long the idle scenario waits before reading memory after opening connections.</summary>
    public TimeSpan Settle { get; private set; } = TimeSpan.FromSeconds(3);

    /// <summary>The p99 a step must stay under to count as sustained.</summary>
    public double P99LimitMs => 200;

    private static double[] Ladder(double from, double to)
    {
        var steps = new List<double>();
        for (var rate = from; rate <= to; rate *= 1.25) steps.Add(Math.Round(rate / 1000) * 1000);
        return steps.ToArray();
    }

    public static BenchmarkSettings Parse(string[] args)
    {
        var s = new BenchmarkSettings();
        if (args.Length == 0 || args[0] is not ("fanout" or "chat" or "idle" or "all")) throw new ArgumentException(Usage);
        s.Scenario = args[0];
        double[]? rates = null;
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--systems": s.Systems = Next().Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--subscribers": s.Subscribers = int.Parse(Next()); break;
                case "--fanout-publishers": s.FanOutPublishers = int.Parse(Next()); break;
                case "--rates": rates = Next().Split(',').Select(double.Parse).ToArray(); break;
                case "--rooms": s.Rooms = int.Parse(Next()); break;
                case "--members": s.Members = int.Parse(Next()); break;
                case "--publishers": s.PublishersPerRoom = int.Parse(Next()); break;
                case "--connections": s.Connections = int.Parse(Next()); break;
                case "--step-seconds": s.Step = TimeSpan.FromSeconds(double.Parse(Next())); break;
                case "--payload": s.PayloadBytes = int.Parse(Next()); break;
                case "--server-gc": s.ServerGc = true; break;
                case "--out": s.OutFile = Next(); break;
                case "--smoke": s.Smoke = true; break;
                default: throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}");
            }
        }

        if (s.Smoke)
        {
            s.Subscribers = 20;
            s.FanOutRates = [200, 400];
            s.ChatRates = [100, 200];
            s.Rooms = 2;
            s.Members = 10;
            s.PublishersPerRoom = 2;
            s.Connections = 100;
            s.Step = TimeSpan.FromSeconds(1);
            s.Settle = TimeSpan.FromMilliseconds(200);
        }

        if (rates is not null) s.FanOutRates = s.ChatRates = rates;
        var unknown = s.Systems.Where(n => n is not ("switchboard" or "signalr" or "limit") && Switchboard.Benchmarks.Systems.ClusterShape.FromName(n) is null).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"Unknown system(s): {string.Join(", ", unknown)}.\n{Usage}");
        if (s.FanOutPublishers < 1) throw new ArgumentException("--fanout-publishers must be at least 1.");
        if (s.PublishersPerRoom > s.Members) throw new ArgumentException("--publishers cannot exceed --members.");
        return s;
    }
}
