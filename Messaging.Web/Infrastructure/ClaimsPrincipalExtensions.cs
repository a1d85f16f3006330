using System.Security.Claims;

namespace Messaging.Web;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's id; throws for an anonymous principal (callers are behind [Authorize]).</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The user is not signed in.");
}
