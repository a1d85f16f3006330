using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Messaging.Bench.Load;

/// <summary>
/// The managed heap of another .NET process while it runs: the runtime's own <c>gc-heap-size</c> counter (what
/// dotnet-counters shows), read once a second over an EventPipe session (Microsoft.Diagnostics.NETCore.Client and
/// TraceEvent, both already brought by BenchmarkDotNet). Forces no collection, so it does not disturb the run.
/// The same session gives the thread pool's threads and queue, and the time the GC paused the process, so a slow
/// second in the progress line shows whether either was the cause.
/// </summary>
public sealed class HeapCounter : EventPipeReader
{
    private double _latestMb = double.NaN;
    private double _peakMb = double.NaN;
    private double _threads = double.NaN;
    private double _queue = double.NaN;
    private double _gcPauseMs = double.NaN;

    private HeapCounter(int pid)
        : base(pid, new EventPipeProvider("System.Runtime", EventLevel.Informational, (long)EventKeywords.All,
            new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" }))
    {
        Source.Dynamic.All += OnEvent;
        StartReading();
    }

    /// <summary>The last reading, in MB (NaN before the first).</summary>
    public double LatestMb => Volatile.Read(ref _latestMb);

    public double PeakMb => Volatile.Read(ref _peakMb);

    /// <summary>The latest second: thread-pool threads, work items queued, and milliseconds paused by the GC.</summary>
    public string Runtime => $"threads {Volatile.Read(ref _threads):0}, queue {Volatile.Read(ref _queue):0}, gc pause {Volatile.Read(ref _gcPauseMs):0} ms";

    /// <summary>Starts reading, or returns null (and says why) when the process does not answer diagnostics.</summary>
    public static HeapCounter? TryStart(int pid, TextWriter console) => TryStart(() => new HeapCounter(pid), pid, "managed heap readings", console);

    private void OnEvent(TraceEvent data)
    {
        if (data.EventName != "EventCounters" || data.PayloadValue(0) is not IDictionary<string, object> outer
            || !outer.TryGetValue("Payload", out var inner) || inner is not IDictionary<string, object> payload
            || !payload.TryGetValue("Name", out var name))
        {
            return;
        }

        // Mean for the gauges; Increment (the change over the interval) for the cumulative pause time.
        var value = payload.TryGetValue("Mean", out var mean) ? mean as double?
            : payload.TryGetValue("Increment", out var increment) ? increment as double? : null;
        if (value is not { } v)
        {
            return;
        }

        switch (name as string)
        {
            case "gc-heap-size":
                Volatile.Write(ref _latestMb, v);
                Volatile.Write(ref _peakMb, double.IsNaN(_peakMb) ? v : Math.Max(_peakMb, v));
                break;
            case "threadpool-thread-count":
                Volatile.Write(ref _threads, v);
                break;
            case "threadpool-queue-length":
                Volatile.Write(ref _queue, v);
                break;
            case "total-pause-time-by-gc":
                Volatile.Write(ref _gcPauseMs, v);
                break;
        }
    }
}
