using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Messaging.Bench.Load;

/// <summary>
/// An EventPipe session on another .NET process (Microsoft.Diagnostics.NETCore.Client and TraceEvent, both brought by
/// BenchmarkDotNet), its events read on a background task until disposed.
/// </summary>
public abstract class EventPipeReader : IDisposable
{
    private readonly EventPipeSession _session;
    private Task _reading = Task.CompletedTask;

    protected EventPipeReader(int pid, EventPipeProvider provider)
    {
        _session = new DiagnosticsClient(pid).StartEventPipeSession(provider, requestRundown: false);
        Source = new EventPipeEventSource(_session.EventStream);
    }

    protected EventPipeEventSource Source { get; }

    /// <summary>Starts reading; a subclass calls it once it has subscribed to <see cref="Source"/>.</summary>
    protected void StartReading() =>
        _reading = Task.Run(() =>
        {
            try
            {
                Source.Process();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or EndOfStreamException)
            {
                // The process exited or the session was stopped.
            }
        });

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
        Source.Dispose();
        _session.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts <paramref name="start"/>, or returns null (and says why) when the process does not answer diagnostics.</summary>
    protected static T? TryStart<T>(Func<T> start, int pid, string what, TextWriter console) where T : EventPipeReader
    {
        try
        {
            return start();
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException)
        {
            console.WriteLine($"[bench] no {what} from pid {pid}: {ex.Message}");
            return null;
        }
    }
}
