using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Switchboard.Media.Srtp;

namespace Switchboard.Benchmarks.Media;

/// <summary>What one run measured.</summary>
public sealed record ForwardingResult(
    ForwardingBenchmarkSettings Settings, double WallSeconds, long Forwarded, long ReceivedByForwarder, long Delivered,
    double ForwarderCpuSeconds, long ForwarderAllocatedBytes, int Verified, string Drops, long SentByPublishers = 0)
{
    public double EgressPerSecond => Forwarded / WallSeconds;

    public double ForwarderCores => ForwarderCpuSeconds / WallSeconds;

    public double EgressPerCpuSecond => ForwarderCpuSeconds > 0 ? Forwarded / ForwarderCpuSeconds : 0;

    public double AllocatedBytesPerPacket => Forwarded > 0 ? (double)ForwarderAllocatedBytes / Forwarded : 0;

    public double DeliveredShare => Forwarded > 0 ? (double)Delivered / Forwarded : 0;

    public string ToTable() => string.Create(CultureInfo.InvariantCulture, $"""
        | publishers × subscribers | profile | payload | ingress pkt/s | egress pkt/s | forwarder CPU (cores) | egress pkt/s per core | bytes allocated per forwarded packet | delivered to subscribers |
        | --- | --- | --- | --- | --- | --- | --- | --- | --- |
        | {Settings.Publishers} × {Settings.Subscribers} | {(Settings.Profile == SrtpProtectionProfile.AeadAes128Gcm ? "AEAD_AES_128_GCM" : "AES128_CM_HMAC_SHA1_80")} | {Settings.Payload} B | {ReceivedByForwarder / WallSeconds:0} | {EgressPerSecond:0} | {ForwarderCores:0.00} | {EgressPerCpuSecond:0} | {AllocatedBytesPerPacket:0.000} | {DeliveredShare:P1} |
        """);
}

/// <summary>
/// The parent process: synthetic publishers (one thread each, SRTP-protecting fresh RTP packets at the set rate) and
/// subscribers (receiving on their own sockets, decrypting the first packets to prove they are real), against the
/// forwarder in a child process.
/// </summary>
public static class LoadGenerator
{
    /// <param name="forwarderAssembly">This program's built dll, run as the child (default: the running assembly).</param>
    public static async Task<ForwardingResult> RunAsync(ForwardingBenchmarkSettings settings, TextWriter log, string? forwarderAssembly = null)
    {
        var publishers = Enumerable.Range(0, settings.Publishers).Select(_ => Bind()).ToArray();
        var subscribers = Enumerable.Range(0, settings.Subscribers).Select(_ => Bind()).ToArray();
        using var child = StartChild(forwarderAssembly ?? typeof(LoadGenerator).Assembly.Location, settings, publishers, subscribers);
        var ready = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException("The forwarder exited: " + await child.StandardError.ReadToEndAsync());
        var forwarder = new IPEndPoint(IPAddress.Loopback, int.Parse(ready.Split(' ')[1], CultureInfo.InvariantCulture));
        log.WriteLine($"forwarder on {forwarder}: {settings.Publishers} publishers × {settings.Subscribers} subscribers, {(settings.Rate == 0 ? "unpaced" : settings.Rate + " packets/s each")}, {settings.Payload} B");

        using var stop = new CancellationTokenSource();
        var tallies = subscribers.Select(_ => new SubscriberTally()).ToArray();
        var sent = new PacketCounter();
        var receiving = subscribers.Select((socket, i) => Task.Factory.StartNew(() => Receive(socket, settings, settings.Publishers + i, tallies[i], stop.Token), TaskCreationOptions.LongRunning)).ToArray();
        var sending = publishers.Select((socket, i) => Task.Factory.StartNew(() => Send(socket, forwarder, settings, i, sent, stop.Token), TaskCreationOptions.LongRunning)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1)); // warm-up: JIT, SRTP contexts, socket buffers
        var (deliveredBefore, sentBefore) = (tallies.Sum(t => t.Delivered.Value), sent.Value);
        await child.StandardInput.WriteLineAsync("GO");
        await child.StandardInput.FlushAsync();
        await Task.Delay(TimeSpan.FromSeconds(settings.Seconds));
        await child.StandardInput.WriteLineAsync("STOP");
        await child.StandardInput.FlushAsync();
        var (deliveredDuring, sentDuring) = (tallies.Sum(t => t.Delivered.Value) - deliveredBefore, sent.Value - sentBefore);
        var stats = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException("no STATS");
        await stop.CancelAsync();
        foreach (var socket in publishers.Concat(subscribers)) socket.Dispose();
        await Task.WhenAll(sending.Concat(receiving)).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var f = stats.Split(' ');
        long Field(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        return new ForwardingResult(settings, Field(5) / 1000.0, Field(1), Field(2), deliveredDuring, Field(3) / 1000.0, Field(4), tallies.Sum(t => t.Verified), f.Length > 6 ? f[6] : "", sentDuring);
    }

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024, SendBufferSize = 4 * 1024 * 1024 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static Process StartChild(string assembly, ForwardingBenchmarkSettings settings, Socket[] publishers, Socket[] subscribers)
    {
        static string Ports(Socket[] sockets) => string.Join(',', sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--forwarder");
        foreach (var arg in settings.ToArgs()) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--publisher-ports");
        start.ArgumentList.Add(Ports(publishers));
        start.ArgumentList.Add("--subscriber-ports");
        start.ArgumentList.Add(Ports(subscribers));
        start.Environment["DOTNET_gcServer"] = "0";
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static void Send(Socket socket, IPEndPoint forwarder, ForwardingBenchmarkSettings settings, int index, PacketCounter sent, CancellationToken stop)
    {
        if (!SrtpKeyingMaterial.TrySplit(settings.Profile, settings.KeysOf(index), out var keys)) throw new InvalidOperationException("bad keys");
        using var srtp = keys.CreateSessions(SrtpRole.Client);
        SyntheticRtpSender.Run(socket, forwarder.Serialize(), srtp.Outbound, settings, 0x1000u + (uint)index, 96, sent, stop);
    }

    private static void Receive(Socket socket, ForwardingBenchmarkSettings settings, int keyIndex, SubscriberTally tally, CancellationToken stop)
    {
        if (!SrtpKeyingMaterial.TrySplit(settings.Profile, settings.KeysOf(keyIndex), out var keys)) throw new InvalidOperationException("bad keys");
        using var srtp = keys.CreateSessions(SrtpRole.Client);
        var buffer = new byte[2048];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var length = socket.Receive(buffer);
                tally.Count(buffer.AsSpan(0, length), srtp.Inbound);
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }
}
