using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Messaging.Bench.Load;

/// <summary>
/// The managed heap of another .NET process while it runs: the runtime's own <c>gc-heap-size</c> counter (what
/// dotnet-counters shows), read once a second over an EventPipe session (Microsoft.Diagnostics.NETCore.Client and
/// TraceEvent, both already brought by BenchmarkDotNet). Forces no collection, so it does not disturb the run.
/// </summary>
public sealed class HeapCounter : IDisposable
{
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _reading;
    private double _latestMb = double.NaN;
    private double _peakMb = double.NaN;

    public HeapCounter(int pid)
    {
        var provider = new EventPipeProvider("System.Runtime", EventLevel.Informational, (long)EventKeywords.All,
            new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" });
        _session = new DiagnosticsClient(pid).StartEventPipeSession(provider, requestRundown: false);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Dynamic.All += OnEvent;
        _reading = Task.Run(() =>
        {
            try
            {
                _source.Process();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or EndOfStreamException)
            {
                // The process exited or the session was stopped.
            }
        });
    }

    /// <summary>The last reading, in MB (NaN before the first).</summary>
    public double LatestMb => Volatile.Read(ref _latestMb);

    public double PeakMb => Volatile.Read(ref _peakMb);

    public void Dispose()
    {
        try
        {
            _session.Stop();
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or IOException or TimeoutException)
        {
            // Already gone.
        }

        _reading.Wait(TimeSpan.FromSeconds(5));
        _source.Dispose();
        _session.Dispose();
    }

    /// <summary>Starts reading, or returns null (and says why) when the process does not answer diagnostics.</summary>
    public static HeapCounter? TryStart(int pid, TextWriter console)
    {
        try
        {
            return new HeapCounter(pid);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException)
        {
            console.WriteLine($"[bench] no managed heap readings from pid {pid}: {ex.Message}");
            return null;
        }
    }

    private void OnEvent(TraceEvent data)
    {
        if (data.EventName != "EventCounters" || data.PayloadValue(0) is not IDictionary<string, object> outer
            || !outer.TryGetValue("Payload", out var inner) || inner is not IDictionary<string, object> payload
            || !payload.TryGetValue("Name", out var name) || name as string != "gc-heap-size"
            || !payload.TryGetValue("Mean", out var mean) || mean is not double mb)
        {
            return;
        }

        Volatile.Write(ref _latestMb, mb);
        Volatile.Write(ref _peakMb, double.IsNaN(_peakMb) ? mb : Math.Max(_peakMb, mb));
    }
}
