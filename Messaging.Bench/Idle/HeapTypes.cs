using System.Diagnostics;
using System.Globalization;
using Microsoft.Diagnostics.Runtime;

namespace Messaging.Bench.Idle;

/// <summary>
/// What the server's managed heap holds, by type: ClrMD (Microsoft.Diagnostics.Runtime, which BenchmarkDotNet already
/// brings) reads a dump of the process and counts every object. Two snapshots around opening
/// idle circuits say which types a circuit costs.
/// </summary>
public static class HeapTypes
{
    public const string CountCommand = "heap-count";

    public static Dictionary<string, (long Count, long Bytes)> Take(int pid)
    {
        // A dump read in a child process, not a live attach from this one: ClrMD crashed the bench (SIGSEGV) when
        // attaching to the server a second time with Chromium's pages connected, and once after reading a dump.
        // createdump ships with the runtime.
        var dump = Path.Combine(Path.GetTempPath(), $"messaging-bench-{pid}-{Environment.TickCount64}.dmp");
        try
        {
            var createdump = Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "createdump");
            Run(createdump, ["--withheap", "-f", dump, pid.ToString(CultureInfo.InvariantCulture)]);
            var types = new Dictionary<string, (long Count, long Bytes)>();
            foreach (var line in Run("dotnet", [typeof(HeapTypes).Assembly.Location, CountCommand, dump]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var fields = line.Split('\t', 3);
                types[fields[2]] = (long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
            }

            return types;
        }
        finally
        {
            File.Delete(dump);
        }
    }

    /// <summary>The <see cref="CountCommand"/>: every object in the dump, by type, as "count TAB bytes TAB type" lines.</summary>
    public static void Count(string dump, TextWriter output)
    {
        using var target = DataTarget.LoadDump(dump);
        using var runtime = target.ClrVersions.Single().CreateRuntime();
        var types = new Dictionary<string, (long Count, long Bytes)>();
        foreach (var obj in runtime.Heap.EnumerateObjects())
        {
            if (!obj.IsValid || obj.IsFree)
            {
                continue;
            }

            var name = obj.Type?.Name ?? "?";
            var (count, bytes) = types.GetValueOrDefault(name);
            types[name] = (count + 1, bytes + (long)obj.Size);
        }

        foreach (var (name, (count, bytes)) in types)
        {
            output.WriteLine(FormattableString.Invariant($"{count}\t{bytes}\t{name.ReplaceLineEndings(" ")}"));
        }
    }

    private static string Run(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}");
        }

        return output.Result;
    }

    /// <summary>The <paramref name="top"/> types that grew most, per opened unit, as a markdown table.</summary>
    public static string Growth(Dictionary<string, (long Count, long Bytes)> before, Dictionary<string, (long Count, long Bytes)> after, int units, int top)
    {
        var rows = after
            .Select(a => (Type: a.Key, Count: a.Value.Count - before.GetValueOrDefault(a.Key).Count, Bytes: a.Value.Bytes - before.GetValueOrDefault(a.Key).Bytes))
            .Where(r => r.Bytes > 0)
            .OrderByDescending(r => r.Bytes)
            .Take(top)
            .Select(r => $"| `{r.Type.Replace("|", "\\|", StringComparison.Ordinal)}` | {r.Count / (double)units:0.#} | {r.Bytes / 1024.0 / units:0.0} |");
        var total = (after.Values.Sum(v => v.Bytes) - before.Values.Sum(v => v.Bytes)) / 1024.0 / units;
        return $"| type | objects each | KB each |\n|---|---:|---:|\n{string.Join("\n", rows)}\n| (all types) | | {total:0.0} |\n";
    }
}
