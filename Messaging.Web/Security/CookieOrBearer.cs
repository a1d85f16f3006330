using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Messaging.Web.Security;

/// <summary>
/// Endpoints that browsers and programs both call (attachment downloads, calendar files): a request with
/// "Authorization: Bearer" is authenticated by the token and answered with status codes (401, 403, 404), any
/// other by the sign-in cookie, so a browser without one is still sent to the sign-in page.
/// </summary>
internal static class CookieOrBearer
{
    public const string Scheme = "CookieOrBearer";

    public const string Policy = "CookieOrBearer";

    public static AuthenticationBuilder AddCookieOrBearer(this AuthenticationBuilder authentication)
    {
        authentication.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return authentication.AddPolicyScheme(Scheme, "Cookie or bearer token", options =>
            options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme);
    }

    /// <summary>Requires a signed-in user, by cookie or by bearer token.</summary>
    public static TBuilder RequireCookieOrBearer<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Policy);
}
