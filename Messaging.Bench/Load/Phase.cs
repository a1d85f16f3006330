using System.Diagnostics;

namespace Messaging.Bench.Load;

/// <summary>A stretch of the run at one target rate: warm-up, the measurement, or one ramp step.</summary>
public sealed class Phase(int index, string name, double rate, bool measured)
{
    /// <summary>The phase's number in the run, from 1 (what <see cref="TrackedMessages.Entry.Phase"/> holds).</summary>
    public int Index { get; } = index;

    private long _sent;
    private long _errors;
    private LatencyRecorder _window = new();

    public string Name { get; } = name;

    public double Rate { get; } = rate;

    public bool Measured { get; } = measured;

    /// <summary>Scheduled send to delivery at the other participant, for the messages scheduled in this phase.</summary>
    public LatencyRecorder Latency { get; } = new();

    /// <summary>Scheduled send to the server's answer to SendMessage.</summary>
    public LatencyRecorder Ack { get; } = new();

    /// <summary>The latencies of the current second, for the progress line.</summary>
    public LatencyRecorder Window => Volatile.Read(ref _window);

    public long Sent => Interlocked.Read(ref _sent);

    public long Errors => Interlocked.Read(ref _errors);

    public long StartTicks { get; private set; }

    public long EndTicks { get; private set; }

    public long AcceptedDuring { get; private set; }

    public long DeliveredDuring { get; private set; }

    public double Seconds => (double)(EndTicks - StartTicks) / Stopwatch.Frequency;

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void CountError() => Interlocked.Increment(ref _errors);

    public void ResetWindow() => Volatile.Write(ref _window, new LatencyRecorder());

    public void Start(long ticks, long accepted, long delivered)
    {
        StartTicks = ticks;
        AcceptedDuring = -accepted;
        DeliveredDuring = -delivered;
    }

    public void Stop(long ticks, long accepted, long delivered)
    {
        EndTicks = ticks;
        AcceptedDuring += accepted;
        DeliveredDuring += delivered;
    }

    /// <summary>
    /// The phase's figures as of <paramref name="now"/>. Accepted messages not delivered yet count with their age
    /// so far (a lower bound), so an overloaded step cannot look fast by leaving its slowest messages out.
    /// </summary>
    public PhaseSummary Summarize(TrackedMessages? all, long now)
    {
        var pending = new List<double>();
        for (var n = 0L; n < (all?.Count ?? 0); n++)
        {
            ref var t = ref all!.At(n);
            if (Volatile.Read(ref t.Phase) == Index && Volatile.Read(ref t.Accepted) == 1 && Volatile.Read(ref t.Delivered) == 0)
            {
                pending.Add(Stopwatch.GetElapsedTime(t.Intended, now).TotalMilliseconds);
            }
        }

        var seconds = Math.Max(Seconds, 1e-9);
        return new PhaseSummary(Name, Rate, Sent, Errors, AcceptedDuring / seconds, DeliveredDuring / seconds, Latency.Summarize(pending), Ack.Summarize());
    }
}

public sealed record PhaseSummary(string Name, double TargetRate, long Sent, long Errors, double AcceptedPerSecond, double DeliveredPerSecond, LatencySummary Latency, LatencySummary Ack);
