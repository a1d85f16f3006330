using System.Globalization;
using System.Text;

namespace Messaging.Bench.Idle;

/// <summary>Server memory before and after opening <see cref="Count"/> idle connections or circuits, and the cost of one.</summary>
public sealed record IdleMeasurement(string What, int Count, double TargetKb, MemorySample Before, MemorySample After)
{
    public double RssKbEach => (After.RssMb - Before.RssMb) * 1024 / Count;

    public double ManagedKbEach => (After.ManagedBytes - Before.ManagedBytes) / 1024.0 / Count;

    public double CommittedKbEach => (After.CommittedBytes - Before.CommittedBytes) / 1024.0 / Count;

    public static string Table(IdleOptions options, IReadOnlyList<IdleMeasurement> measurements)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"idle: {options.Connections} hub connections (WebSockets, bearer token, {options.HubUsers} users), {options.Circuits} chat circuits ({(options.Room ? "/conversations/{id}" : "/conversations")} in headless Chromium), {options.IdleSeconds} s idle; each figure after a full compacting GC");
        text.AppendLine();
        text.AppendLine("| what | count | RSS before → after (MB) | managed heap before → after (MB) | RSS each (KB) | managed heap each (KB) | GC committed each (KB) | target each (KB) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in measurements)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.What} | {m.Count} | {m.Before.RssMb:0.0} → {m.After.RssMb:0.0} | {Mb(m.Before.ManagedBytes):0.0} → {Mb(m.After.ManagedBytes):0.0} | {m.RssKbEach:0.0} | {m.ManagedKbEach:0.0} | {m.CommittedKbEach:0.0} | ≤ {m.TargetKb:0} |");
        }

        return text.ToString();
    }

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
}
