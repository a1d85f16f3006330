using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Messaging.Bench.Load;

/// <summary>
/// What the server allocates, by type: the runtime's AllocationTick event (one per ~100 KB allocated, naming the type
/// of the object that crossed the mark) over an EventPipe session, counted while <see cref="Counting"/> is on. The
/// ticks are a sample, so small counts are noise; the leading types are where the GC's work comes from.
/// </summary>
public sealed class AllocationSampler : EventPipeReader
{
    private const long GcKeyword = 0x1;
    private const double TickKb = 100;

    private readonly ConcurrentDictionary<string, long> _ticks = new();

    private AllocationSampler(int pid)
        : base(pid, new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, GcKeyword))
    {
        Source.Clr.GCAllocationTick += OnTick;
        StartReading();
    }

    public bool Counting { get; set; }

    public static AllocationSampler? TryStart(int pid, TextWriter console) => TryStart(() => new AllocationSampler(pid), pid, "allocation sampling", console);

    /// <summary>The <paramref name="top"/> types by sampled bytes, per message when <paramref name="messages"/> is given.</summary>
    public string Report(int top, long messages)
    {
        var all = _ticks.Sum(t => t.Value);
        var lines = _ticks.OrderByDescending(t => t.Value).Take(top)
            .Select(t => $"| {t.Key} | {t.Value * TickKb / 1024:0.0} | {100.0 * t.Value / Math.Max(1, all):0.0}% | {(messages > 0 ? $"{t.Value * TickKb * 1024 / messages:0}" : "-")} |");
        return $"| type (sampled allocations while measuring) | MB | share | bytes per message |\n|---|---:|---:|---:|\n{string.Join('\n', lines)}\n| all types | {all * TickKb / 1024:0.0} | 100% | {(messages > 0 ? $"{all * TickKb * 1024 / messages:0}" : "-")} |";
    }

    private void OnTick(Microsoft.Diagnostics.Tracing.Parsers.Clr.GCAllocationTickTraceData data)
    {
        if (Counting)
        {
            _ticks.AddOrUpdate(string.IsNullOrEmpty(data.TypeName) ? "(unnamed)" : data.TypeName, 1, (_, n) => n + 1);
        }
    }
}
