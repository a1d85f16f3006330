using System.Security.Claims;
using Messaging.Data.Accounts;
using Microsoft.AspNetCore.Authentication;

namespace Messaging.Web.Security;

/// <summary>
/// Every request: a cookie or bearer token whose account was suspended, deleted or re-stamped since it was issued
/// counts as no sign-in at all, so endpoints answer 401 (or the sign-in page) instead of serving the old session.
/// The answer is cached (<see cref="SignInValidator"/>), so this costs a dictionary lookup per request.
/// </summary>
internal sealed class RevokedSignInTransformation(SignInValidator validator) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal) =>
        await validator.IsValidAsync(principal) ? principal : new ClaimsPrincipal(new ClaimsIdentity());
}
