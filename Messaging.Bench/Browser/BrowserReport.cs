using System.Globalization;
using System.Text;
using Messaging.Bench.Load;

namespace Messaging.Bench.Browser;

/// <summary>The figures of one browser-path run: per page and per group of pages, before and after the kill.</summary>
public sealed class BrowserReport
{
    private const double P99TargetMs = 250;
    private const double AfterKillTargetMs = 1000;

    private readonly StringBuilder _text = new();

    private BrowserReport()
    {
    }

    /// <summary>Messages lost on the pages that stayed open (the exit code says whether any were).</summary>
    public long Lost { get; private set; }

    public string Markdown => _text.ToString();

    public static BrowserReport From(BrowserOptions options, BrowserFleet fleet, SentMessages sent, Marks marks, CpuMarks cpu, string load, long errors, string? firstError)
    {
        var killed = !double.IsNaN(marks.KilledAtMs);
        var cut = killed ? marks.KilledAtMs : double.PositiveInfinity;
        var before = new Window(marks.WarmupEndMs, Math.Min(cut, marks.EndMs));
        var after = new Window(cut, marks.EndMs);
        var pages = fleet.Pages.Select(p => new PageFigures(p, Figures.Of(p, sent, before), killed && p.Alive ? Figures.Of(p, sent, after) : null)).ToList();
        var hit = fleet.Pages.Where(p => !p.Alive).Select(p => p.Conversation).ToHashSet();

        var report = new BrowserReport { Lost = pages.Where(p => p.Page.Alive).Sum(p => p.Before.Lost + (p.After?.Lost ?? 0)) };
        var t = report._text;
        var measured = Enumerable.Range(0, (int)sent.Count).Where(n => sent.Started[n] && sent.Scheduled[n] >= marks.WarmupEndMs).ToList();
        var acks = new LatencyRecorder();
        measured.Where(n => sent.Accepted[n]).ToList().ForEach(n => acks.Record(sent.AckMs[n]));
        var ack = acks.Summarize();
        t.AppendLine(Invariant($"== browser: {options.Pages} pages ({options.Browsers} Chromium processes) on {options.Conversations} conversations, {options.Rate:0} msgs/s, {options.Seconds} s (warm-up {options.WarmupSeconds} s){(killed ? $", one Chromium killed at {(marks.KilledAtMs - marks.StartMs) / 1000:0.0} s" : "")} =="));
        t.AppendLine();
        t.AppendLine("| pages | period | pages | bubbles seen | p50 ms | p99 ms | max ms | lost |");
        t.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        var beforeName = killed ? "before the kill" : "measured";
        Row(t, "all pages", beforeName, pages, p => p.Before, lost: killed ? null : true);
        if (killed)
        {
            Row(t, "killed pages", beforeName, pages.Where(p => !p.Page.Alive), p => p.Before, lost: null);
            Row(t, "remaining pages", beforeName, pages.Where(p => p.Page.Alive), p => p.Before, lost: true);
            Row(t, "remaining pages", "after the kill", pages.Where(p => p.Page.Alive), p => p.After!, lost: true);
            Row(t, "... whose conversation lost a tab", "after the kill", pages.Where(p => p.Page.Alive && hit.Contains(p.Page.Conversation)), p => p.After!, lost: true);
            Row(t, "... whose conversation the kill missed", "after the kill", pages.Where(p => p.Page.Alive && !hit.Contains(p.Page.Conversation)), p => p.After!, lost: true);
        }

        Reference(t, beforeName, sent, before);
        if (killed)
        {
            Reference(t, "after the kill", sent, after);
        }

        t.AppendLine();
        var seconds = (marks.EndMs - marks.WarmupEndMs) / 1000;
        t.AppendLine(Invariant($"- sent {measured.Count} measured messages ({measured.Count / seconds:0}/s) over {options.Senders} hub connections per conversation, acknowledged {measured.Count(n => sent.Accepted[n])}, errors {errors}{(firstError is null ? "" : $" (first: {firstError})")}; ack p50 {ack.P50:0.0} ms, p99 {ack.P99:0.0} ms"));
        t.AppendLine(Invariant($"- server CPU {cpu.ServerPercent("measure", killed ? "kill" : "end"):0} % of a core{(killed ? Invariant($" before the kill, {cpu.ServerPercent("kill", "end"):0} % after") : "")}; browsers {cpu.BrowsersPercent("measure", killed ? "kill" : "end"):0} %{(killed ? Invariant($" before, the remaining ones {cpu.BrowsersPercent("kill", "end"):0} % after") : "")}; the bench {cpu.SelfPercent("measure", "end"):0} %"));
        t.AppendLine(Invariant($"- load average before the run: {load}; page clock offsets up to {fleet.Pages.Max(p => Math.Abs(p.OffsetMs)):0.00} ms (each known to +/- {fleet.Pages.Max(p => p.OffsetUncertaintyMs):0.00} ms)"));
        var p99 = Summary(pages, p => p.Before).P99;
        t.AppendLine(Invariant($"- target p99 <= {P99TargetMs:0} ms at {options.Rate:0} msgs/s ({beforeName}, all pages): {Ms(p99)} ms, {(p99 <= P99TargetMs ? "met" : "MISSED")}"));
        if (killed)
        {
            var worst = pages.Where(p => p.Page.Alive).MaxBy(p => p.After!.Latency.Max)!;
            var stalled = pages.Where(p => p.Page.Alive && (p.After!.Latency.Max > AfterKillTargetMs || p.After.Lost > 0)).ToList();
            t.AppendLine(Invariant($"- max latency of any remaining page after the kill: {Ms(worst.After!.Latency.Max)} ms (page {worst.Page.Index}, conversation {worst.Page.Conversation}), and {pages.Where(p => p.Page.Alive).Sum(p => p.After!.Lost)} bubbles never appeared; target <= {AfterKillTargetMs:0} ms: {(stalled.Count == 0 ? "met" : $"MISSED on {stalled.Count} of {pages.Count(p => p.Page.Alive)} pages")}"));
        }

        t.AppendLine();
        t.AppendLine("Per page (latency = scheduled send to the bubble in that page's DOM):");
        t.AppendLine();
        t.AppendLine(killed
            ? "| page | browser | conversation | before: seen | p50 | p99 | max | lost | after: seen | p50 | p99 | max | lost |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
            : "| page | browser | conversation | seen | p50 | p99 | max | lost |\n|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in pages)
        {
            t.Append(Invariant($"| {p.Page.Index} | {p.Page.Browser.Index}{(p.Page.Alive ? "" : " (killed)")} | {p.Page.Conversation} | {Cells(p.Before, p.Page.Alive)}"));
            t.AppendLine(killed ? (p.After is null ? " - | - | - | - | - |" : $" {Cells(p.After, true)}") : "");
        }

        return report;
    }

    private static void Row(StringBuilder t, string who, string period, IEnumerable<PageFigures> pages, Func<PageFigures, Figures> pick, bool? lost)
    {
        var list = pages.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var s = Summary(list, pick);
        t.AppendLine(Invariant($"| {who} | {period} | {list.Count} | {s.Count} | {Ms(s.P50)} | {Ms(s.P99)} | {Ms(s.Max)} | {(lost is true ? list.Sum(p => pick(p).Lost).ToString(CultureInfo.InvariantCulture) : "-")} |"));
    }

    /// <summary>The same messages at the candidate's hub connection: the server's part of the latency.</summary>
    private static void Reference(StringBuilder t, string period, SentMessages sent, Window window)
    {
        var recorder = new LatencyRecorder();
        var lost = 0L;
        for (var n = 0L; n < sent.Count; n++)
        {
            if (sent.Expected(n) && sent.Scheduled[n] >= window.FromMs && sent.Scheduled[n] < window.ToMs)
            {
                if (sent.HubSeen[n] > 0)
                {
                    recorder.Record(sent.HubSeen[n] - sent.Scheduled[n]);
                }
                else
                {
                    lost++;
                }
            }
        }

        var s = recorder.Summarize();
        t.AppendLine(Invariant($"| reference: the candidate's hub connection | {period} | {sent.Conversations} hubs | {s.Count} | {Ms(s.P50)} | {Ms(s.P99)} | {Ms(s.Max)} | {lost} |"));
    }

    private static LatencySummary Summary(IEnumerable<PageFigures> pages, Func<PageFigures, Figures> pick) =>
        new LatencyRecorder().Summarize(pages.SelectMany(p => pick(p).Values));

    private static string Cells(Figures f, bool alive) =>
        Invariant($"{f.Latency.Count} | {Ms(f.Latency.P50)} | {Ms(f.Latency.P99)} | {Ms(f.Latency.Max)} | {(alive ? f.Lost.ToString(CultureInfo.InvariantCulture) : "-")} |");

    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Window(double FromMs, double ToMs);

    private sealed record PageFigures(RoomPage Page, Figures Before, Figures? After);

    /// <summary>One page in one window: the latencies of the messages scheduled in it that appeared, and those that never did.</summary>
    private sealed record Figures(List<double> Values, LatencySummary Latency, long Lost)
    {
        public static Figures Of(RoomPage page, SentMessages sent, Window window)
        {
            var values = new List<double>();
            var lost = 0L;
            for (var n = (long)page.Conversation; n < sent.Count; n += sent.Conversations)
            {
                if (!sent.Expected(n) || sent.Scheduled[n] < window.FromMs || sent.Scheduled[n] >= window.ToMs)
                {
                    continue;
                }

                if (page.Seen.TryGetValue(n, out var at))
                {
                    values.Add(at - sent.Scheduled[n]);
                }
                else
                {
                    lost++;
                }
            }

            var recorder = new LatencyRecorder();
            values.ForEach(recorder.Record);
            return new Figures(values, recorder.Summarize(), lost);
        }
    }
}
