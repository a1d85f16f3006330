using Messaging.Core.Common;
using Messaging.Core.Realtime;
using Messaging.Data;
using Messaging.Data.Accounts;
using Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Internal;

namespace Messaging.Tests.Data;

public class AccountStatusTests
{
    [Fact]
    public async Task Answers_cached_together_expire_spread_over_a_window_not_in_one_moment()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var factory = database.Services.GetRequiredService<IMessagingDbFactory>();
        var ids = Enumerable.Range(0, 40).Select(i => $"status-user-{i}").ToList();
        await using (var db = (MessagingDbContext)factory.Create())
        {
            db.Users.AddRange(ids.Select(id => new ApplicationUser { Id = id, UserName = id, Email = $"{id}@example.com", DisplayName = id }));
            await db.SaveChangesAsync(ct);
        }

        var clock = new ManualClock();
        using var cache = new MemoryCache(new MemoryCacheOptions { Clock = clock });
        using var status = new AccountStatus(factory, cache, database.Services.GetRequiredService<IChatEventBus>(), database.Services.GetRequiredService<SignInValidator>(), TimeProvider.System);
        var start = clock.UtcNow;
        foreach (var id in ids)
        {
            Assert.False(await status.IsSuspendedAsync(id, ct));
        }

        // Suspended behind the cache's back (no event reaches it): each answer shows it once it expires.
        await using (var db = (MessagingDbContext)factory.Create())
        {
            await db.Users.ExecuteUpdateAsync(s => s.SetProperty(u => u.SuspendedAt, DateTime.UtcNow), ct);
        }

        async Task<int> SuspendedAt(TimeSpan after)
        {
            clock.UtcNow = start + after;
            var suspended = 0;
            foreach (var id in ids)
            {
                suspended += await status.IsSuspendedAsync(id, ct) ? 1 : 0;
            }

            return suspended;
        }

        var shortest = AccountStatus.CacheFor * (1 - AccountStatus.CacheJitter);
        Assert.Equal(0, await SuspendedAt(shortest - TimeSpan.FromMilliseconds(100)));
        // Without the spread every answer would still be cached halfway through the window.
        Assert.InRange(await SuspendedAt(AccountStatus.CacheFor * (1 - AccountStatus.CacheJitter / 2)), 1, ids.Count - 1);
        // No answer outlives the promised backstop.
        Assert.Equal(ids.Count, await SuspendedAt(AccountStatus.CacheFor + TimeSpan.FromMilliseconds(100)));
    }

    private sealed class ManualClock : ISystemClock
    {
        public DateTimeOffset UtcNow { get; set; } = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    }
}
