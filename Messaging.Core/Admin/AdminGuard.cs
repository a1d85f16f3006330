using Messaging.Core.Accounts;
using Messaging.Core.Common;

namespace Messaging.Core.Admin;

/// <summary>The check every admin operation starts with: the actor is an admin and not suspended.</summary>
public sealed class AdminGuard(IAccountStatus accounts)
{
    public async Task<Error?> RequireAdminAsync(string adminId, CancellationToken cancellationToken)
    {
        var actor = await accounts.DescribeAsync([adminId], cancellationToken);
        return actor.TryGetValue(adminId, out var account) && account.Role == Roles.Admin && !account.Suspended
            ? null
            : Error.Forbidden("Only administrators can do this.");
    }
}
