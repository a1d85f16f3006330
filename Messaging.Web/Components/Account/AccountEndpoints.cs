using Messaging.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Messaging.Web.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>Where the JSON API for programs lives; it answers with status codes, never with sign-in redirects.</summary>
    public const string ApiPrefix = "/api";

    /// <summary>Endpoints the static account pages post to (sign-out needs a real HTTP response to clear the cookie).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account");

        // A form post with the antiforgery token (Blazor forms and MapPost validate it by default).
        account.MapPost("/Logout", async (SignInManager<ApplicationUser> signInManager, [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "~/");
        });

        // Programs exchange e-mail and password for a bearer token (the hub's other way in), as MapIdentityApi's
        // /login does. JSON in, no cookie involved, so no antiforgery token either.
        endpoints.MapPost($"{ApiPrefix}/auth/token", IssueTokenAsync)
            .DisableAntiforgery()
            .AllowAnonymous();

        // GDPR: everything about the signed-in user as a JSON download.
        account.MapGet("/Export", async (System.Security.Claims.ClaimsPrincipal user, Messaging.Data.Accounts.PersonalDataService data, CancellationToken cancellationToken) =>
        {
            var export = await data.ExportAsync(user.UserId(), cancellationToken);
            if (export is null)
            {
                return Results.NotFound();
            }

            var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(export, ExportJson);
            return TypedResults.File(json, "application/json", $"messaging-my-data-{export.ExportedAt:yyyyMMdd}.json");
        }).RequireAuthorization();

        return endpoints;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        [FromBody] TokenRequest request, SignInManager<ApplicationUser> signInManager, IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider time)
    {
        const string wrong = "The e-mail or password is not right.";
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.Problem("Send an e-mail and a password.", statusCode: StatusCodes.Status400BadRequest);
        }

        var user = await signInManager.UserManager.FindByEmailAsync(request.Email.Trim());
        if (user is null)
        {
            return TypedResults.Problem(wrong, statusCode: StatusCodes.Status401Unauthorized);
        }

        var result = await signInManager.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            return TypedResults.Problem(
                result.IsLockedOut ? "Too many failed attempts: the account is locked for a few minutes." : wrong,
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (user.SuspendedAt is not null)
        {
            // Only someone who knows the password learns that the account is suspended; no token is issued.
            return TypedResults.Problem("This account is suspended.", statusCode: StatusCodes.Status403Forbidden);
        }

        // An access token only, made as the bearer handler makes its own (it carries the security stamp, which the
        // hub and the endpoints check). No refresh token: there is no endpoint to redeem one, so a program signs
        // in again when the hour is up.
        var options = bearerOptions.Get(IdentityConstants.BearerScheme);
        var principal = await signInManager.CreateUserPrincipalAsync(user);
        var properties = new AuthenticationProperties { ExpiresUtc = time.GetUtcNow() + options.BearerTokenExpiration };
        var token = options.BearerTokenProtector.Protect(new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme));
        return TypedResults.Ok(new TokenResponse("Bearer", token, (long)options.BearerTokenExpiration.TotalSeconds));
    }

    private static readonly System.Text.Json.JsonSerializerOptions ExportJson = new(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true };

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    internal sealed record TokenRequest(string? Email, string? Password);

    internal sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn);
}
