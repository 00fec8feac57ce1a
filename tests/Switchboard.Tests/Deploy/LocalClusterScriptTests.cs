using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Switchboard.Benchmarks.Systems;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Deploy;

/// <summary><c>deploy/local-cluster</c> as a person runs it: start, use, stop — and nothing it started is left running.</summary>
public sealed class LocalClusterScriptTests
{
    private static readonly Repo Repo = new();

    [Fact]
    public async Task Start_RunsRedisTwoSilosAndTwoEdges_AClientHopsEdges_AndStopEndsEveryProcessItStarted()
    {
        var dir = Directory.CreateTempSubdirectory("local-cluster-").FullName;
        var portBase = FreePortRange(50);
        var options = $"--dir {dir} --port-base {portBase} --configuration {Repo.Configuration} --no-build";
        try
        {
            var started = await RunScriptAsync($"start --silos 2 --edges 2 --cluster-id test-{Guid.NewGuid():N} {options}");
            Assert.True(started.ExitCode == 0, $"start failed ({started.ExitCode}):\n{started.Output}");
            var edgeA = new Uri($"ws://127.0.0.1:{portBase + 41}/v1/ws");
            var edgeB = new Uri($"ws://127.0.0.1:{portBase + 42}/v1/ws");
            Assert.Contains(edgeA.ToString(), started.Output);
            Assert.Contains(edgeB.ToString(), started.Output);

            var pids = File.ReadAllLines(Path.Combine(dir, "pids")).Select(line => int.Parse(line.Split(' ')[1])).ToArray();
            Assert.Equal(5, pids.Length); // redis, 2 silos, 2 edges
            Assert.All(pids, pid => Assert.False(Process.GetProcessById(pid).HasExited));

            // Published on one edge, received on the other: the processes form one cluster through Redis.
            const string room = "local-cluster-room";
            await using (var reader = await TestClient.ConnectAsync(edgeB, "lc-reader"))
            {
                await reader.SubscribeAsync(room);
                await using var writer = await TestClient.ConnectAsync(edgeA, "lc-writer");
                var ack = await writer.PublishAsync(room, new { text = "across the cluster" });
                var message = await reader.WaitForAsync(f => TestClient.Is(f, "message"));
                Assert.Equal(ack.GetProperty("seq").GetInt64(), message.GetProperty("seq").GetInt64());
            }

            var stopped = await RunScriptAsync($"stop {options}");
            Assert.True(stopped.ExitCode == 0, $"stop failed ({stopped.ExitCode}):\n{stopped.Output}");
            Assert.All(pids, pid => Assert.False(IsRunning(pid), $"pid {pid} still runs after stop"));
            Assert.False(File.Exists(Path.Combine(dir, "pids")));
        }
        finally
        {
            await RunScriptAsync($"stop {options}"); // whatever a failed assertion left behind
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task BadOption_IsRefusedWithItsReason_AndStartsNothing()
    {
        var result = await RunScriptAsync("start --silos 12");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--silos must be 1-9", result.Output);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(string arguments)
    {
        var info = new ProcessStartInfo("bash", $"{Path.Combine(Repo.Root, "deploy", "local-cluster")} {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// A base port from which <paramref name="count"/> consecutive loopback ports were all free a moment ago, below the
    /// ephemeral range (32768+) so that outgoing connections cannot take them before the script binds them.
    /// </summary>
    private static int FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Random.Shared.Next(10_000, 30_000);
            var listeners = new List<TcpListener>();
            try
            {
                for (var p = first; p < first + count; p++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, p);
                    listener.Start();
                    listeners.Add(listener);
                }

                return first;
            }
            catch (SocketException)
            {
            }
            finally
            {
                foreach (var listener in listeners) listener.Stop();
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }
}
