using System.Globalization;
using Switchboard.Benchmarks.Media;

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

    var result = await LoadGenerator.RunAsync(ForwardingBenchmarkSettings.Parse(args), Console.Out);
    Console.WriteLine();
    Console.WriteLine(result.ToTable());
    Console.WriteLine();
    Console.WriteLine($"verified by decryption at the subscribers: {result.Verified} packets; dropped by the forwarder (whole run): {result.Drops}");
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
