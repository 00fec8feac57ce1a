using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Switchboard.Benchmarks.Systems;

/// <summary>A server under test in its own process, with its CPU time and resident memory read from /proc.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private ServerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static ServerProcess Start(string assembly, IEnumerable<string> args, bool serverGc) =>
        new(Process.Start(DotnetStartInfo(assembly, args, serverGc)) ?? throw new InvalidOperationException("Could not start " + assembly));

    /// <summary>
    /// <c>dotnet <paramref name="assembly"/> <paramref name="args"/></c> run from its own folder, in the Production
    /// environment, with the chosen GC and its output redirected: how every server process of the tests is started.
    /// </summary>
    public static ProcessStartInfo DotnetStartInfo(string assembly, IEnumerable<string> args, bool serverGc)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_gcServer"] = serverGc ? "1" : "0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    public static ServerProcess StartExecutable(string executable, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start " + executable));
    }

    /// <summary>Waits until <paramref name="url"/> answers 200 (a health probe).</summary>
    public async Task WaitForReadyAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Server exited ({_process.ExitCode}):\n{Output}");
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url} never answered 200:\n{Output}");
            await Task.Delay(100);
        }
    }

    public async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Server exited ({_process.ExitCode}):\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(1));
                return;
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Nothing listened on {port}:\n{Output}");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>User plus system CPU time consumed so far.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of stat (utime, stime), counted after the command name: indexes 11 and 12 here.
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Resident set size in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        return 0;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 1_000_000) _output.AppendLine(line);
        }
    }

    /// <summary>Kills the process (SIGKILL, the whole tree) if it still runs; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }
}
