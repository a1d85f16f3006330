using Messaging.Core.Common;

namespace Messaging.Core.Accounts;

/// <summary>Account facts kept by Identity (Messaging.Data) that domain services need: suspension and names.</summary>
public interface IAccountStatus
{
    Task<bool> IsSuspendedAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Suspends or reinstates; suspending also invalidates the user's sign-in everywhere.</summary>
    Task<Result<bool>> SetSuspendedAsync(string userId, bool suspended, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, AccountSummary>> DescribeAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default);
}

public sealed record AccountSummary(string UserId, string DisplayName, string Email, string? Role, bool Suspended);
