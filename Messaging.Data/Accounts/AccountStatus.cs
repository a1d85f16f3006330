using Messaging.Core.Accounts;
using Messaging.Core.Common;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Messaging.Data.Accounts;

/// <summary>
/// Suspension state from the Identity table, cached briefly for the send path; a suspension publishes
/// <see cref="UserSuspended"/>, which drops the cached answer on every instance and signs the user's tabs out.
/// </summary>
public sealed class AccountStatus : IAccountStatus, IDisposable
{
    /// <summary>
    /// How long an answer is kept at most: a backstop, as a suspension drops it at once. Each answer lives between
    /// (1 - <see cref="CacheJitter"/>) times this and this: answers cached together (every user's first send after a
    /// start) would otherwise expire in the same second and all go to the database at once. With 2,000 users that stalled every send for
    /// 0.3–1.3 s every 15 to 30 s (docs/benchmarks.md, fourth session).
    /// </summary>
    internal static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    internal const double CacheJitter = 0.25;
    private readonly IMessagingDbFactory _dbFactory;
    private readonly IMemoryCache _cache;
    private readonly IChatEventBus _bus;
    private readonly TimeProvider _time;
    private readonly SignInValidator _signIns;
    private readonly IDisposable _subscription;

    public AccountStatus(IMessagingDbFactory dbFactory, IMemoryCache cache, IChatEventBus bus, SignInValidator signIns, TimeProvider time)
    {
        (_dbFactory, _cache, _bus, _signIns, _time) = (dbFactory, cache, bus, signIns, time);
        _subscription = bus.Subscribe(ChatTopics.Accounts, e =>
        {
            if (e is UserSuspended suspended)
            {
                _cache.Remove(Key(suspended.UserId));
            }

            return Task.CompletedTask;
        });
    }

    public async Task<bool> IsSuspendedAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(Key(userId), out bool suspended))
        {
            return suspended;
        }

        await using var db = (MessagingDbContext)_dbFactory.Create();
        suspended = await db.Users.AnyAsync(u => u.Id == userId && u.SuspendedAt != null, cancellationToken);
        _cache.Set(Key(userId), suspended, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime(), Size = 1 });
        return suspended;
    }

    public async Task<Result<bool>> SetSuspendedAsync(string userId, bool suspended, CancellationToken cancellationToken = default)
    {
        await using var db = (MessagingDbContext)_dbFactory.Create();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return Error.NotFound("The user");
        }

        user.SuspendedAt = suspended ? _time.GetUtcNow().UtcDateTime : null;
        // A new security stamp invalidates cookies at their next validation and refused tokens at once.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(cancellationToken);
        _cache.Set(Key(userId), suspended, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime(), Size = 1 });
        _signIns.Forget(userId);
        if (suspended)
        {
            await _bus.PublishAsync(new UserSuspended(userId), cancellationToken);
        }

        return suspended;
    }

    public async Task<IReadOnlyDictionary<string, AccountSummary>> DescribeAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Distinct().ToList();
        await using var db = (MessagingDbContext)_dbFactory.Create();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.SuspendedAt })
            .ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        return users.ToDictionary(
            u => u.Id,
            u => new AccountSummary(u.Id, u.DisplayName, u.Email ?? "", roles.FirstOrDefault(r => r.UserId == u.Id)?.Name, u.SuspendedAt is not null));
    }

    public void Dispose() => _subscription.Dispose();

    internal static TimeSpan Lifetime() => CacheFor * (1 - CacheJitter * Random.Shared.NextDouble());

    private static string Key(string userId) => $"suspended:{userId}";
}
