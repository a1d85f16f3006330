using Messaging.Core.Common;
using Messaging.Core.Moderation;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Admin;

public sealed record DashboardStats(
    IReadOnlyList<(DateTime Hour, int Messages)> MessagesPerHour,
    IReadOnlyDictionary<FlagReason, int> OpenFlagsByReason,
    IReadOnlyDictionary<FlagReason, int> FlagsByReasonLast7Days,
    int OpenFlags,
    int MessagesLast24Hours);

/// <summary>The admin dashboard's figures: activity per hour and flags by type.</summary>
public sealed class ModerationStats(IMessagingDbFactory dbFactory, TimeProvider time)
{
    public async Task<DashboardStats> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var thisHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var since = thisHour.AddHours(-23);
        await using var db = dbFactory.Create();

        // Bucketed here rather than in SQL: hour extraction differs per provider, and a day's timestamps are few.
        var stamps = await db.Messages.AsNoTracking().Where(m => m.CreatedAt >= since).Select(m => m.CreatedAt).ToListAsync(cancellationToken);
        var counts = stamps.GroupBy(s => new DateTime(s.Year, s.Month, s.Day, s.Hour, 0, 0, DateTimeKind.Utc)).ToDictionary(g => g.Key, g => g.Count());
        var perHour = Enumerable.Range(0, 24).Select(i => since.AddHours(i)).Select(h => (h, counts.GetValueOrDefault(h))).ToList();

        var open = await db.ModerationFlags.AsNoTracking().Where(f => f.Status == FlagStatus.Open)
            .GroupBy(f => f.Reason).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var weekAgo = now.AddDays(-7);
        var week = await db.ModerationFlags.AsNoTracking().Where(f => f.CreatedAt >= weekAgo)
            .GroupBy(f => f.Reason).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);

        return new DashboardStats(
            perHour,
            open.ToDictionary(x => x.Key, x => x.Count),
            week.ToDictionary(x => x.Key, x => x.Count),
            open.Sum(x => x.Count),
            stamps.Count);
    }
}
