using System.Security.Claims;
using Messaging.Core.Attachments;
using Messaging.Web.Infrastructure;
using Messaging.Web.Security;
using Microsoft.Net.Http.Headers;

namespace Messaging.Web.Attachments;

/// <summary>Downloads of message attachments: signed-in participants only, decrypted on the way out.</summary>
internal static class AttachmentEndpoints
{
    public static string DownloadUrl(Guid attachmentId) => $"/attachments/{attachmentId}";

    public static string PreviewUrl(Guid attachmentId) => $"/attachments/{attachmentId}?inline=1";

    public static IEndpointRouteBuilder MapAttachmentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/attachments/{id:guid}", DownloadAsync).RequireCookieOrBearer();
        return endpoints;
    }

    private static async Task<IResult> DownloadAsync(Guid id, string? inline, ClaimsPrincipal user, AttachmentService attachments, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await attachments.OpenAsync(user.UserId(), id, cancellationToken);
        if (!result.IsSuccess)
        {
            // Someone else's file and a missing one look the same.
            return Results.NotFound();
        }

        var file = result.Value;
        var headers = context.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.CacheControl] = "private, no-store";
        // Only images are shown in the page; everything else is a download, so a PDF or text never runs in our origin.
        var disposition = new ContentDispositionHeaderValue(inline is "1" or "true" && file.IsImage ? "inline" : "attachment");
        disposition.SetHttpFileName(file.FileName);
        headers[HeaderNames.ContentDisposition] = disposition.ToString();
        return Results.Bytes(file.Content, file.ContentType);
    }
}
