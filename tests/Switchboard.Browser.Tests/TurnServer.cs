using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Switchboard.Browser.Tests;

/// <summary>
/// A real coturn (Debian's <c>turnserver</c>) on loopback with TURN REST authentication (<c>use-auth-secret</c>),
/// relaying to loopback peers, started for a test and stopped by its process id.
/// </summary>
public sealed class TurnServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/turnserver";
    private readonly Process _process;
    private readonly string _directory;

    private TurnServer(Process process, string directory, int port, string secret)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Secret = secret;
    }

    public int Port { get; }

    public string Secret { get; }

    public string Url => $"turn:127.0.0.1:{Port}?transport=udp";

    public static async Task<TurnServer> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            // A failure, not a skip: tests/run.sh installs coturn; a missing one must not pass CI silently.
            throw new InvalidOperationException($"{Binary} not found: install coturn (apt-get install coturn); tests/run.sh does.");
        }

        var port = FreeUdpPort();
        var relayBase = 20_000 + Random.Shared.Next(0, 100) * 100; // below the ephemeral range, 100 ports per server
        var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var directory = Directory.CreateTempSubdirectory("sb-turn-").FullName;
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            $"--min-port={relayBase}", $"--max-port={relayBase + 99}", "--use-auth-secret", $"--static-auth-secret={secret}",
            "--realm=switchboard.test", "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--fingerprint",
            "--log-file=stdout", "--simple-log", $"--pidfile={Path.Combine(directory, "turn.pid")}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new TurnServer(process, directory, port, secret);
        // Ready once it answers a STUN binding request on its port.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new byte[20];
        request[1] = 0x01;
        request[4] = 0x21; request[5] = 0x12; request[6] = 0xA4; request[7] = 0x42;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"turnserver exited with {process.ExitCode}");
            await probe.SendAsync(request, new IPEndPoint(IPAddress.Loopback, port));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                await probe.ReceiveAsync(wait.Token);
                return server;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await server.DisposeAsync();
        throw new InvalidOperationException("turnserver did not answer within 15 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
