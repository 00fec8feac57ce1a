using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Switchboard.Media.Srtp;

namespace Switchboard.Benchmarks.Media;

/// <summary>What one run measured.</summary>
public sealed record ForwardingResult(
    ForwardingBenchmarkSettings Settings, double WallSeconds, long Forwarded, long ReceivedByForwarder, long Delivered,
    double ForwarderCpuSeconds, long ForwarderAllocatedBytes, int Verified, string Drops)
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
    private const int VerifiedPerSubscriber = 50;

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
        var delivered = new long[subscribers.Length];
        var verified = new int[subscribers.Length];
        var receiving = subscribers.Select((socket, i) => Task.Factory.StartNew(() => Receive(socket, settings, settings.Publishers + i, ref delivered[i], ref verified[i], stop.Token), TaskCreationOptions.LongRunning)).ToArray();
        var sending = publishers.Select((socket, i) => Task.Factory.StartNew(() => Send(socket, forwarder, settings, i, stop.Token), TaskCreationOptions.LongRunning)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1)); // warm-up: JIT, SRTP contexts, socket buffers
        var deliveredBefore = delivered.Sum(d => Interlocked.Read(ref d));
        await child.StandardInput.WriteLineAsync("GO");
        await child.StandardInput.FlushAsync();
        await Task.Delay(TimeSpan.FromSeconds(settings.Seconds));
        await child.StandardInput.WriteLineAsync("STOP");
        await child.StandardInput.FlushAsync();
        var deliveredDuring = Enumerable.Range(0, delivered.Length).Sum(i => Interlocked.Read(ref delivered[i])) - deliveredBefore;
        var stats = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException("no STATS");
        await stop.CancelAsync();
        foreach (var socket in publishers.Concat(subscribers)) socket.Dispose();
        await Task.WhenAll(sending.Concat(receiving)).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var f = stats.Split(' ');
        long Field(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        return new ForwardingResult(settings, Field(5) / 1000.0, Field(1), Field(2), deliveredDuring, Field(3) / 1000.0, Field(4), verified.Sum(), f.Length > 6 ? f[6] : "");
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

    private static void Send(Socket socket, IPEndPoint forwarder, ForwardingBenchmarkSettings settings, int index, CancellationToken stop)
    {
        if (!SrtpKeyingMaterial.TrySplit(settings.Profile, settings.KeysOf(index), out var keys)) throw new InvalidOperationException("bad keys");
        using var srtp = keys.CreateSessions(SrtpRole.Client);
        var packet = new byte[12 + settings.Payload + 32];
        Random.Shared.NextBytes(packet);
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1000u + (uint)index);
        var clock = Stopwatch.StartNew();
        var sent = 0L;
        var remote = forwarder.Serialize();
        var clear = packet[..(12 + settings.Payload)];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (settings.Rate > 0 && sent >= clock.Elapsed.TotalSeconds * settings.Rate)
                {
                    Thread.Sleep(1);
                    continue;
                }

                clear.CopyTo(packet, 0);
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)sent);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(sent * 3000));
                if (srtp.Outbound.ProtectRtp(packet, clear.Length, out var length) != SrtpResult.Ok) throw new InvalidOperationException("protect failed");
                socket.SendTo(packet.AsSpan(0, length), SocketFlags.None, remote);
                sent++;
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static void Receive(Socket socket, ForwardingBenchmarkSettings settings, int keyIndex, ref long delivered, ref int verified, CancellationToken stop)
    {
        if (!SrtpKeyingMaterial.TrySplit(settings.Profile, settings.KeysOf(keyIndex), out var keys)) throw new InvalidOperationException("bad keys");
        using var srtp = keys.CreateSessions(SrtpRole.Client);
        var buffer = new byte[2048];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var length = socket.Receive(buffer);
                Interlocked.Increment(ref delivered);
                // Proof that what arrives is the publishers' packets, re-encrypted for this subscriber; then only count.
                if (verified < VerifiedPerSubscriber && srtp.Inbound.UnprotectRtp(buffer.AsSpan(0, length), out _) == SrtpResult.Ok) verified++;
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
