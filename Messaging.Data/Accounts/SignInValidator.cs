using System.Security.Claims;
using Messaging.Core.Common;
using Messaging.Core.Realtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Messaging.Data.Accounts;

/// <summary>
/// Whether a signed-in principal (a cookie or a bearer token) still stands: its account exists, is not suspended,
/// and still has the security stamp the principal was issued with (suspension, reinstatement, deletion and a password
/// change all replace it). Answers are cached per user like <see cref="AccountStatus"/>'s and dropped on every instance
/// by <see cref="UserSuspended"/>; a stamp that differs from the cached one is read again before it is refused, so a
/// token issued after a change works at once.
/// </summary>
public sealed class SignInValidator : IDisposable
{
    private readonly IMessagingDbFactory _dbFactory;
    private readonly IMemoryCache _cache;
    private readonly string _stampClaim;
    private readonly IDisposable _subscription;

    public SignInValidator(IMessagingDbFactory dbFactory, IMemoryCache cache, IChatEventBus bus, IOptions<IdentityOptions> identity)
    {
        (_dbFactory, _cache, _stampClaim) = (dbFactory, cache, identity.Value.ClaimsIdentity.SecurityStampClaimType);
        _subscription = bus.Subscribe(ChatTopics.Accounts, e =>
        {
            if (e is UserSuspended suspended)
            {
                Forget(suspended.UserId);
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>True for a principal that may go on; also for an anonymous one, which has nothing to revoke.</summary>
    public async ValueTask<bool> IsValidAsync(ClaimsPrincipal? principal, CancellationToken cancellationToken = default)
    {
        var userId = principal?.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        if (userId is null)
        {
            return true;
        }

        var stamp = principal!.FindFirstValue(_stampClaim);
        if (_cache.TryGetValue(Key(userId), out Account? cached) && Accepts(cached, stamp))
        {
            return true;
        }

        await using var db = (MessagingDbContext)_dbFactory.Create();
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Account(u.SecurityStamp, u.SuspendedAt != null))
            .FirstOrDefaultAsync(cancellationToken);
        // Jittered as the account status is: every user's first call after a start would otherwise expire in the same
        // second and go to the database at once, in front of every send.
        _cache.Set(Key(userId), account, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = AccountStatus.Lifetime(), Size = 1 });
        return Accepts(account, stamp);
    }

    /// <summary>
    /// Drops the cached answer for <paramref name="userId"/> on this instance at once (the change's own instance must
    /// not wait for its event to come back through the bus); other instances drop theirs on <see cref="UserSuspended"/>.
    /// </summary>
    public void Forget(string userId) => _cache.Remove(Key(userId));

    public void Dispose() => _subscription.Dispose();

    // A principal without a stamp claim (none of ours lacks one) is judged by the account's status alone.
    private static bool Accepts(Account? account, string? stamp) =>
        account is { Suspended: false } && (stamp is null || stamp == account.Stamp);

    private static string Key(string userId) => $"sign-in:{userId}";

    private sealed record Account(string? Stamp, bool Suspended);
}
