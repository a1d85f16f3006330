using Microsoft.Extensions.Options;

namespace Messaging.Web.Security;

/// <summary>
/// Refuses browser connections to the Blazor circuit and the chat hub from other sites. Browsers always send
/// Origin on WebSocket and cross-origin requests; the cookie alone would otherwise let any site open a
/// connection as the signed-in user (cross-site WebSocket hijacking). Programs without an Origin header
/// (hub clients with a bearer token) are unaffected.
/// </summary>
public sealed class OriginCheckMiddleware(RequestDelegate next, IOptionsMonitor<SecurityOptions> options, ILogger<OriginCheckMiddleware> logger)
{
    private static readonly PathString[] Protected = [new("/_blazor"), new("/hubs")];

    public async Task InvokeAsync(HttpContext context)
    {
        if (Protected.Any(p => context.Request.Path.StartsWithSegments(p))
            && context.Request.Headers.Origin is { Count: > 0 } origins
            && !IsAllowed(origins.ToString(), context.Request))
        {
            logger.LogWarning("Refused a connection to {Path} from origin {Origin}", context.Request.Path, origins.ToString());
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        await next(context);
    }

    private bool IsAllowed(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var own = $"{request.Scheme}://{request.Host}";
        return string.Equals(origin.TrimEnd('/'), own, StringComparison.OrdinalIgnoreCase)
            || options.CurrentValue.AllowedOrigins.Any(a => string.Equals(a.TrimEnd('/'), $"{uri.Scheme}://{uri.Authority}", StringComparison.OrdinalIgnoreCase));
    }
}
