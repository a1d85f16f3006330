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

    private const string RenderTreesOf = "render trees of ";

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
            if (name.EndsWith(".RenderTreeFrame[]", StringComparison.Ordinal))
            {
                // Render trees by capacity (a power of two, rented from the array pool), which tells a component that
                // drew once (one buffer) from one that drew twice (two), and how many frames it draws.
                name += FormattableString.Invariant($" (length {obj.AsArray().Length})");
            }

            var (count, bytes) = types.GetValueOrDefault(name);
            types[name] = (count + 1, bytes + (long)obj.Size);
        }

        // The same arrays again, by the component whose render trees they are (each component keeps the tree it drew
        // last and, once it has drawn twice, the one before). These lines are not types: Growth lists them apart.
        foreach (var obj in runtime.Heap.EnumerateObjects())
        {
            if (!obj.IsValid || obj.Type?.GetFieldByName("<CurrentRenderTree>k__BackingField") is null)
            {
                continue;
            }

            var component = obj.ReadObjectField("<Component>k__BackingField").Type?.Name ?? "?";
            foreach (var tree in new[] { "<CurrentRenderTree>k__BackingField", "_nextRenderTree" })
            {
                var builder = obj.ReadObjectField(tree);
                var frames = builder.IsNull ? default : builder.ReadObjectField("_entries");
                var items = frames.IsNull ? default : frames.ReadObjectField("_items");
                if (!items.IsNull && items.AsArray().Length > 0)
                {
                    var key = RenderTreesOf + component;
                    var (count, bytes) = types.GetValueOrDefault(key);
                    types[key] = (count + 1, bytes + (long)items.Size);
                }
            }
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

    /// <summary>
    /// The <paramref name="top"/> types that grew most, per opened unit, as a markdown table; then the render-tree
    /// arrays among them by the component that holds them.
    /// </summary>
    public static string Growth(Dictionary<string, (long Count, long Bytes)> before, Dictionary<string, (long Count, long Bytes)> after, int units, int top)
    {
        var grown = after
            .Select(a => (Type: a.Key, Count: a.Value.Count - before.GetValueOrDefault(a.Key).Count, Bytes: a.Value.Bytes - before.GetValueOrDefault(a.Key).Bytes))
            .Where(r => r.Bytes > 0)
            .OrderByDescending(r => r.Bytes)
            .ToList();
        string Row((string Type, long Count, long Bytes) r) => $"| `{r.Type.Replace("|", "\\|", StringComparison.Ordinal)}` | {r.Count / (double)units:0.#} | {r.Bytes / 1024.0 / units:0.0} |";
        var types = grown.Where(r => !r.Type.StartsWith(RenderTreesOf, StringComparison.Ordinal)).Take(top).Select(Row);
        var trees = grown.Where(r => r.Type.StartsWith(RenderTreesOf, StringComparison.Ordinal)).Take(top)
            .Select(r => Row((r.Type[RenderTreesOf.Length..], r.Count, r.Bytes)));
        var total = (Sum(after) - Sum(before)) / 1024.0 / units;
        return $"| type | objects each | KB each |\n|---|---:|---:|\n{string.Join("\n", types)}\n| (all types) | | {total:0.0} |\n\n" +
            $"Render-tree arrays by component:\n\n| component | arrays each | KB each |\n|---|---:|---:|\n{string.Join("\n", trees)}\n";
    }

    private static long Sum(Dictionary<string, (long Count, long Bytes)> types) =>
        types.Where(t => !t.Key.StartsWith(RenderTreesOf, StringComparison.Ordinal)).Sum(t => t.Value.Bytes);
}
