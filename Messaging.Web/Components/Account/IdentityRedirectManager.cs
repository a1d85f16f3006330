using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Messaging.Data;

namespace Messaging.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri) => navigationManager.NavigateTo(LocalOrHome(uri));

    /// <summary>
    /// Prevents open redirects: a path of this app (or an absolute URL under its base) is kept, anything else (another
    /// host, "//host", "/\host", a scheme such as "javascript:", control characters) leads to the home page.
    /// </summary>
    private string LocalOrHome(string? uri)
    {
        const string home = "";
        if (string.IsNullOrEmpty(uri) || uri.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\'))
        {
            return home;
        }

        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute.AbsoluteUri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase)
                ? navigationManager.ToBaseRelativePath(absolute.AbsoluteUri)
                : home;
        }

        return Uri.IsWellFormedUriString(uri, UriKind.Relative) && !uri.StartsWith("//", StringComparison.Ordinal) ? uri : home;
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

}
