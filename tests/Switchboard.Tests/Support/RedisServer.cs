using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Switchboard.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> for one test or fixture: a free loopback port, its own temporary directory, AOF on
/// (<c>appendfsync always</c>) and <c>noeviction</c>, as production requires (docs/operations.md). Started as a direct
/// child process and stopped by its process id. <c>tests/run.sh</c> installs redis-server when it is missing.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly StringBuilder _log = new();
    private Process _process;
    private bool _disposed;

    private RedisServer(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
        Capture(process);
    }

    public int Port { get; }

    public string Directory { get; }

    public int ProcessId => _process.Id;

    /// <summary>Whether the server process (the current one, after a restart) still runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The StackExchange.Redis configuration string the silos and edges are given.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>Starts a server and waits until it answers PING; retries on another port if the chosen one was taken.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var directory = System.IO.Directory.CreateTempSubdirectory("switchboard-redis-").FullName;
            var port = FreePort.Next();
            var server = Start(port, directory);
            try
            {
                await server.WaitUntilReadyAsync();
                return server;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                last = ex;
                await server.DisposeAsync();
            }
        }

        throw new InvalidOperationException("redis-server did not start.", last);
    }

    private static RedisServer Start(int port, string directory) => new(Launch(port, directory), port, directory);

    /// <summary>
    /// Stops the server as an operator does (SIGTERM): Redis finishes its AOF (fsync) and exits. Returns how long it
    /// took to exit. <see cref="StartAgainAsync"/> brings it back with the same port and data.
    /// </summary>
    public async Task<TimeSpan> TerminateAsync()
    {
        var clock = Stopwatch.StartNew();
        if (_process.HasExited) return TimeSpan.Zero;
        if (SendSignal(_process.Id, 15) != 0 && !_process.HasExited) throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed.");
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return clock.Elapsed;
    }

    /// <summary>Starts the server again on the same port and directory (it reloads its AOF) and waits until it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        if (!_process.HasExited) throw new InvalidOperationException("redis-server is still running.");
        _process.Dispose();
        _process = Launch(Port, Directory);
        Capture(_process);
        await WaitUntilReadyAsync();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private void Capture(Process process)
    {
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static Process Launch(int port, string directory)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--daemonize", "no",
                     "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction",
                     "--protected-mode", "yes", "--loglevel", "warning",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed; tests/run.sh installs it (apt-get install redis-server).", ex);
        }
    }

    /// <summary>Sends one inline command and returns the first line of the reply.</summary>
    public async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port).WaitAsync(TimeSpan.FromSeconds(2));
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
        return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited ({_process.ExitCode}):\n{Log}");
            try
            {
                if (await CommandAsync("PING") == "+PONG") return;
            }
            catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
            {
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"redis-server did not answer PING on {Port}:\n{Log}");
            await Task.Delay(20);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            if (_log.Length < 100_000) _log.AppendLine(line);
        }
    }

    /// <summary>Stops the server by its process id (SIGKILL: the test's data is thrown away) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One Redis for a test class; its tests keep apart by using their own keys.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
