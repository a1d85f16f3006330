using Messaging.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

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

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> IssueTokenAsync(
        [FromBody] TokenRequest request, SignInManager<ApplicationUser> signInManager)
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

        SignInResult result;
        if (user.SuspendedAt is not null)
        {
            // Only someone who knows the password learns that the account is suspended; no token is issued.
            result = await signInManager.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
            return result.Succeeded
                ? TypedResults.Problem("This account is suspended.", statusCode: StatusCodes.Status403Forbidden)
                : Refused(result);
        }

        // The bearer handler writes the token response ({ tokenType, accessToken, expiresIn, refreshToken }).
        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        result = await signInManager.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded ? TypedResults.Empty : Refused(result);

        static ProblemHttpResult Refused(SignInResult result) => TypedResults.Problem(
            result.IsLockedOut ? "Too many failed attempts: the account is locked for a few minutes." : wrong,
            statusCode: StatusCodes.Status401Unauthorized);
    }

    private static readonly System.Text.Json.JsonSerializerOptions ExportJson = new(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true };

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    internal sealed record TokenRequest(string? Email, string? Password);
}
