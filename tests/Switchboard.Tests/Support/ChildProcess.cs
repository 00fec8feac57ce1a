using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Switchboard.Tests.Support;

/// <summary>
/// A Switchboard binary (silo or edge) started as its own process from its own build output, with its output
/// kept for failure messages, and stopped by its process id.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process)
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

    /// <summary>
    /// Runs <c>dotnet {assembly} {args}</c> from the build output of <paramref name="project"/> (a folder under the
    /// repository root), built in the same configuration as the tests: exactly what an operator runs.
    /// </summary>
    public static ChildProcess Start(string project, string assembly, params string[] args)
    {
        // The tests run from <repo>/tests/<project>/bin/<configuration>/<framework>/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var root = framework.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var output = Path.Combine(root, project, "bin", configuration, framework.Name);
        if (!File.Exists(Path.Combine(output, assembly))) Assert.Fail($"{assembly} is not built in {output}; build Cluster.sln first.");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(output, assembly));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}."));
    }

    /// <summary>Waits until something accepts TCP connections on <paramref name="port"/>; fails with the process output if it exits or times out.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) Assert.Fail($"Process exited with {_process.ExitCode} before listening on {port}:\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(1));
                return;
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline) Assert.Fail($"Nothing listened on {port} within {timeout}:\n{Output}");
                await Task.Delay(100);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }
}
