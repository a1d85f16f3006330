using System.Security.Claims;
using Messaging.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Messaging.Web.Components.Account;

/// <summary>Adds the display name to the sign-in cookie, so pages greet people by name without a query.</summary>
internal sealed class MessagingClaimsPrincipalFactory(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "messaging:display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        return identity;
    }
}
