using Microsoft.Diagnostics.Runtime;

namespace Messaging.Bench.Idle;

/// <summary>
/// What the server's managed heap holds, by type: ClrMD (Microsoft.Diagnostics.Runtime, which BenchmarkDotNet already
/// brings) reads a dump of the process and counts every object. Two snapshots around opening
/// idle circuits say which types a circuit costs.
/// </summary>
public static class HeapTypes
{
    public static Dictionary<string, (long Count, long Bytes)> Take(int pid)
    {
        // A dump read offline, not a live attach: attaching to the server a second time, with Chromium's pages
        // connected, crashed the bench (SIGSEGV inside ClrMD). createdump ships with the runtime.
        var dump = Path.Combine(Path.GetTempPath(), $"messaging-bench-{pid}-{Environment.TickCount64}.dmp");
        try
        {
            var createdump = Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "createdump");
            using (var process = System.Diagnostics.Process.Start(createdump, ["--withheap", "-f", dump, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"createdump exited with {process.ExitCode}");
                }
            }

            return Count(dump);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static Dictionary<string, (long Count, long Bytes)> Count(string dump)
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

        return types;
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
