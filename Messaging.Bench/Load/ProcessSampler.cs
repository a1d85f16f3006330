using System.Globalization;

namespace Messaging.Bench.Load;

/// <summary>
/// RSS and CPU time of a process from /proc (Linux only); its managed heap comes from <see cref="HeapCounter"/>.
/// </summary>
public sealed class ProcessSampler(int pid)
{
    // USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux we run on.
    private const double TicksPerSecond = 100;

    public int Pid { get; } = pid;

    /// <summary>Resident memory in MB, or NaN once the process is gone.</summary>
    public double RssMb() => StatusKb("VmRSS:") / 1024.0;

    /// <summary>User plus system CPU seconds so far, or NaN once the process is gone.</summary>
    public double CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{Pid}/stat");
            // The command name may contain spaces; the fields after its closing parenthesis start at field 3 (state).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private double StatusKb(string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{Pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
