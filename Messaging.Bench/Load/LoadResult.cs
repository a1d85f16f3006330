using System.Globalization;
using System.Text;

namespace Messaging.Bench.Load;

/// <summary>The figures of one run against one target.</summary>
public sealed record LoadResult(string Target, LoadOptions Options, IReadOnlyList<PhaseSummary> Phases, long Sent, long Accepted, long Errors, long Lost, long Duplicated)
{
    public double ServerCpuPercent { get; init; } = double.NaN;

    public double ClientCpuPercent { get; init; } = double.NaN;

    public double ServerRssPeakMb { get; init; } = double.NaN;

    public double ServerRssEndMb { get; init; } = double.NaN;

    /// <summary>The server's managed heap (the runtime's gc-heap-size counter, once a second): peak and at the end of the measured phases.</summary>
    public double ServerHeapPeakMb { get; init; } = double.NaN;

    public double ServerHeapEndMb { get; init; } = double.NaN;

    /// <summary>Events for messages this run did not send (should be 0).</summary>
    public long Unknown { get; init; }

    public string? FirstError { get; init; }

    /// <summary>The measured phase, or with --ramp the last step that stayed within the p99 limit (else the first step).</summary>
    public PhaseSummary Headline =>
        Options.Ramp
            ? Phases.LastOrDefault(p => p.Latency.P99 <= Options.P99LimitMs && p.Errors <= p.Sent / 100 && p.AcceptedPerSecond >= 0.9 * p.TargetRate) ?? Phases[0]
            : Phases[0];

    public static LoadResult From(string target, LoadOptions options, IReadOnlyList<Phase> phases, IReadOnlyList<Phase> allPhases, TrackedMessages tracked, long now)
    {
        // After the drain nothing is pending any more: what is still undelivered is lost.
        var summaries = phases.Select(p => p.Summarize(null, now)).ToList();
        var measuredPhases = allPhases.Where(p => p.Measured).Select(p => p.Index).ToHashSet();
        var (measured, accepted, refused, lost, duplicated) = (0L, 0L, 0L, 0L, 0L);
        for (var n = 0L; n < tracked.Count; n++)
        {
            var t = tracked.At(n);
            if (measuredPhases.Contains(t.Phase))
            {
                measured++;
                accepted += t.Accepted;
                refused += 1 - t.Accepted;
            }

            lost += t.Accepted == 1 && t.Delivered == 0 ? 1 : 0;
            duplicated += Math.Max(0, t.Delivered - 1);
        }

        return new LoadResult(target, options, summaries, measured, accepted, refused, lost, duplicated);
    }

    public string ToText()
    {
        var h = Headline;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"== {Target}: {Options.Connections} connections, {Options.Conversations} conversations, {(Options.Ramp ? $"ramp from {Options.Rate:0}/s (p99 limit {Options.P99LimitMs:0} ms)" : $"{Options.Rate:0} msgs/s")}, {Options.Size} chars ==");
        if (Options.Ramp)
        {
            foreach (var p in Phases)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  step {p.TargetRate,8:0}/s: accepted {p.AcceptedPerSecond,8:0}/s  p99 {p.Latency.P99,8:0.0} ms  errors {p.Errors}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"  highest step within the limit: {h.TargetRate:0}/s");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  accepted      {h.AcceptedPerSecond:0} msgs/s (target {h.TargetRate:0})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  deliveries    {h.DeliveredPerSecond:0} /s to the other participant");
        text.AppendLine(CultureInfo.InvariantCulture, $"  latency (ms)  p50 {h.Latency.P50:0.0}  p99 {h.Latency.P99:0.0}  p99.9 {h.Latency.P999:0.0}  max {h.Latency.Max:0.0}  (scheduled send -> delivered, n={h.Latency.Count})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  ack (ms)      p50 {h.Ack.P50:0.0}  p99 {h.Ack.P99:0.0}  (scheduled send -> SendMessage returned)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  sent {Sent}  accepted {Accepted}  errors {Errors}  lost {Lost}  duplicated {Duplicated}  unknown {Unknown}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  server        RSS peak {ServerRssPeakMb:0} MB, end {ServerRssEndMb:0} MB, managed heap peak {ServerHeapPeakMb:0} MB, end {ServerHeapEndMb:0} MB, CPU {ServerCpuPercent:0}% of one core");
        text.AppendLine(CultureInfo.InvariantCulture, $"  generator     CPU {ClientCpuPercent:0}% of one core (same machine)");
        if (FirstError is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  first error   {FirstError}");
        }

        return text.ToString();
    }

    /// <summary>A markdown table comparing the app with the bare SignalR baseline.</summary>
    public static string CompareTable(LoadResult full, LoadResult bare)
    {
        var rows = new (string Name, Func<LoadResult, double> Value, string Format)[]
        {
            ("accepted msgs/s", r => r.Headline.AcceptedPerSecond, "0"),
            ("deliveries/s", r => r.Headline.DeliveredPerSecond, "0"),
            ("latency p50 (ms)", r => r.Headline.Latency.P50, "0.0"),
            ("latency p99 (ms)", r => r.Headline.Latency.P99, "0.0"),
            ("latency p99.9 (ms)", r => r.Headline.Latency.P999, "0.0"),
            ("latency max (ms)", r => r.Headline.Latency.Max, "0.0"),
            ("ack p99 (ms)", r => r.Headline.Ack.P99, "0.0"),
            ("errors", r => r.Errors, "0"),
            ("lost", r => r.Lost, "0"),
            ("duplicated", r => r.Duplicated, "0"),
            ("server RSS peak (MB)", r => r.ServerRssPeakMb, "0"),
            ("server managed heap peak (MB)", r => r.ServerHeapPeakMb, "0"),
            ("server CPU (% of a core)", r => r.ServerCpuPercent, "0"),
            ("generator CPU (% of a core)", r => r.ClientCpuPercent, "0"),
        };
        var text = new StringBuilder();
        var o = full.Options;
        text.AppendLine(CultureInfo.InvariantCulture, $"{o.Connections} connections, {o.Conversations} conversations, {(o.Ramp ? "ramp" : $"{o.Rate:0} msgs/s")}, {o.Seconds} s ({o.WarmupSeconds} s warm-up), {o.Size} chars");
        text.AppendLine();
        text.AppendLine("| metric | full app | bare SignalR | full/bare |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, value, format) in rows)
        {
            var f = value(full);
            var b = value(bare);
            var ratio = b == 0 || double.IsNaN(b) || double.IsNaN(f) ? "-" : (f / b).ToString("0.00", CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {f.ToString(format, CultureInfo.InvariantCulture)} | {b.ToString(format, CultureInfo.InvariantCulture)} | {ratio} |");
        }

        return text.ToString();
    }
}
