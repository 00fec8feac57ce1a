using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Switchboard.Tests.Support;

/// <summary>
/// One process of a multi-process test cluster (a silo, an edge), started as a direct child and stopped by its
/// process id: <see cref="Terminate"/> sends SIGTERM (the graceful stop a deployment does), <see cref="Kill"/> SIGKILL
/// (a crash). Its output is kept (the newest lines) for diagnostics, and each line can be watched as it arrives.
/// </summary>
public sealed class ClusterProcess : IAsyncDisposable
{
    private const int Sigkill = 9;
    private const int Sigterm = 15;
    private const int Sigcont = 18;
    private const int Sigstop = 19;
    private const int KeptLines = 4000;

    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly object _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private ClusterProcess(string name, Process process, Action<ClusterProcess, string>? onLine)
    {
        Name = name;
        _process = process;
        LineReceived = onLine;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => _exited.TrySetResult();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited) _exited.TrySetResult();
    }

    /// <summary>Called with each line of output as it arrives (on a thread-pool thread).</summary>
    private Action<ClusterProcess, string>? LineReceived { get; }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _exited.Task.IsCompleted;

    public int? ExitCode => HasExited ? _process.ExitCode : null;

    /// <summary>Completes when the process has exited, for whatever reason.</summary>
    public Task Exited => _exited.Task;

    /// <summary>
    /// Starts <c>dotnet <paramref name="assembly"/> <paramref name="args"/></c> (workstation GC, Production environment),
    /// with <paramref name="environment"/> added to the inherited variables.
    /// </summary>
    public static ClusterProcess StartDotnet(string name, string assembly, IEnumerable<string> args, Action<ClusterProcess, string>? onLine = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = Switchboard.Benchmarks.Systems.ServerProcess.DotnetStartInfo(assembly, args, serverGc: false);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return new ClusterProcess(name, Process.Start(start) ?? throw new InvalidOperationException("Could not start " + assembly), onLine);
    }

    /// <summary>The newest lines of output (up to <paramref name="lines"/>), for a failure message.</summary>
    public string Tail(int lines = 60)
    {
        lock (_gate) return $"---- {Name} (pid {_process.Id}{(HasExited ? $", exited {_process.ExitCode}" : "")}) ----\n" + string.Join("\n", _lines.TakeLast(lines));
    }

    /// <summary>Every kept line of output.</summary>
    public string[] Lines()
    {
        lock (_gate) return _lines.ToArray();
    }

    /// <summary>SIGTERM: the process is asked to stop, as a deployment or an operator does it.</summary>
    public void Terminate() => Signal(Sigterm);

    /// <summary>SIGKILL: the process dies at once, with no goodbye to anyone.</summary>
    public void Kill() => Signal(Sigkill);

    /// <summary>SIGSTOP: the process freezes (a stalled machine): its sockets stay open but nothing answers.</summary>
    public void Pause() => Signal(Sigstop);

    /// <summary>SIGCONT: a paused process carries on.</summary>
    public void Resume() => Signal(Sigcont);

    /// <summary>Waits until the process exits; false when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout);
            await _process.WaitForExitAsync(); // output fully read
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Polls <paramref name="health"/> (a <c>/healthz/ready</c> URL) until it answers 200. Throws
    /// <see cref="ProcessExitedException"/> when the process exits first, <see cref="TimeoutException"/> when it never
    /// gets ready.
    /// </summary>
    public async Task WaitReadyAsync(Uri health, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (true)
        {
            if (HasExited) throw new ProcessExitedException(this);
            try
            {
                using var response = await http.GetAsync(health);
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} was not ready at {health} within {timeout} (last: {last}).\n{Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>The readiness answer of <paramref name="health"/> now: its status and body (null when nothing answered).</summary>
    public static async Task<(HttpStatusCode? Status, JsonElement? Body)> ProbeAsync(Uri health)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(health);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, null);
        }
    }

    private void Signal(int signal)
    {
        if (HasExited) return;
        if (SendSignal(_process.Id, signal) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (!HasExited) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {error}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines) _lines.Dequeue();
        }

        LineReceived?.Invoke(this, line);
    }

    /// <summary>Kills the process (SIGKILL) if it still runs; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!HasExited)
        {
            try
            {
                Kill();
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }

            await WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }
}

/// <summary>A cluster process exited while the test waited for it to get ready.</summary>
public sealed class ProcessExitedException(ClusterProcess process)
    : Exception($"{process.Name} exited ({process.ExitCode}) before it was ready.\n{process.Tail()}")
{
    public ClusterProcess Process { get; } = process;
}
