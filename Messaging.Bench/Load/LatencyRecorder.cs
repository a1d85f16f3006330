namespace Messaging.Bench.Load;

/// <summary>Latencies in milliseconds; percentiles from a sorted copy (runs are short, so a plain list is enough).</summary>
public sealed class LatencyRecorder
{
    private readonly List<double> _values = [];

    public void Record(double milliseconds)
    {
        lock (_values)
        {
            _values.Add(milliseconds);
        }
    }

    public LatencySummary Summarize(IEnumerable<double>? extra = null)
    {
        double[] sorted;
        lock (_values)
        {
            sorted = [.. _values, .. extra ?? []];
        }

        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, At(sorted, 0.50), At(sorted, 0.99), At(sorted, 0.999), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }

    private static double At(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record LatencySummary(int Count, double P50, double P99, double P999, double Max);
