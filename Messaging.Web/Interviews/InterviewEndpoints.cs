using System.Security.Claims;
using System.Text;
using Messaging.Core.Interviews;
using Messaging.Web.Security;

namespace Messaging.Web.Interviews;

internal static class InterviewEndpoints
{
    /// <summary>The calendar file of an accepted interview, for its two participants; 404 for anyone else.</summary>
    public static IEndpointRouteBuilder MapInterviewEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/interviews/{id:guid}.ics", async (Guid id, ClaimsPrincipal user, InterviewService interviews, CancellationToken cancellationToken) =>
        {
            var file = await interviews.IcsAsync(user.UserId(), id, cancellationToken);
            return file.IsSuccess
                ? Results.File(Encoding.UTF8.GetBytes(file.Value.Content), "text/calendar; charset=utf-8", file.Value.FileName)
                : Results.NotFound();
        }).RequireCookieOrBearer();
        return endpoints;
    }

    public static string IcsPath(Guid invitationId) => $"/interviews/{invitationId}.ics";
}
