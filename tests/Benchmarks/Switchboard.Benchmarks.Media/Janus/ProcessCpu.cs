using System.Diagnostics;
using System.Globalization;

namespace Switchboard.Benchmarks.Media.Janus;

/// <summary>
/// CPU time (user + system, all threads) of another process, from <c>/proc/&lt;pid&gt;/stat</c> fields 14 and 15
/// (proc(5)), which count clock ticks of <c>getconf CLK_TCK</c>.
/// </summary>
internal sealed class ProcessCpu
{
    private readonly string _statPath;
    private readonly double _ticksPerSecond;

    private ProcessCpu(int pid, double ticksPerSecond)
    {
        _statPath = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        _ticksPerSecond = ticksPerSecond;
    }

    public static async Task<ProcessCpu> OfAsync(int pid)
    {
        var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("getconf did not start");
        var ticks = double.Parse((await getconf.StandardOutput.ReadToEndAsync()).Trim(), CultureInfo.InvariantCulture);
        await getconf.WaitForExitAsync();
        var cpu = new ProcessCpu(pid, ticks);
        _ = await cpu.ReadSecondsAsync(); // fails now, not after the run, if the process is not there
        return cpu;
    }

    public async Task<double> ReadSecondsAsync()
    {
        var stat = await File.ReadAllTextAsync(_statPath);
        // The command name (field 2) is in parentheses and may contain spaces; fields 3.. follow the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return ticks / _ticksPerSecond;
    }
}
