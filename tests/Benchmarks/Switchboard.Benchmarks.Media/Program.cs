using System.Globalization;
using Switchboard.Benchmarks.Media;
using Switchboard.Benchmarks.Media.Janus;

try
{
    if (args.Length > 0 && args[0] == "--forwarder")
    {
        var rest = args[1..].ToList();
        int[] Ports(string name)
        {
            var at = rest.IndexOf(name);
            var ports = rest[at + 1].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            rest.RemoveRange(at, 2);
            return ports;
        }

        var publisherPorts = Ports("--publisher-ports");
        var subscriberPorts = Ports("--subscriber-ports");
        return await ForwarderProcess.RunAsync(ForwardingBenchmarkSettings.Parse(rest.ToArray()), publisherPorts, subscriberPorts);
    }

    var (system, janus, forwardingArgs) = SystemUnderTestArguments.Parse(args);
    var settings = ForwardingBenchmarkSettings.Parse(forwardingArgs);
    ForwardingResult? ours = null;
    JanusResult? janusResult = null;
    if (system is SystemUnderTest.Ours or SystemUnderTest.Both)
    {
        ours = await LoadGenerator.RunAsync(settings, Console.Out);
        Console.WriteLine();
        Console.WriteLine(ours.ToTable());
        Console.WriteLine();
        Console.WriteLine($"verified by decryption at the subscribers: {ours.Verified} packets; dropped by the forwarder (whole run): {ours.Drops}");
    }

    if (system is SystemUnderTest.Janus or SystemUnderTest.Both)
    {
        janusResult = await JanusBenchmark.RunAsync(settings, janus!, Console.Out);
    }

    if (janusResult is not null)
    {
        Console.WriteLine();
        Console.WriteLine(SystemComparison.ToTable(ours, janusResult));
    }

    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
