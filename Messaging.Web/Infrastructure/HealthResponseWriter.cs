using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Web.Infrastructure;

/// <summary>Writes the health report as JSON: overall status and each dependency's (database, Redis) state.</summary>
internal static class HealthResponseWriter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalMilliseconds = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    milliseconds = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                    error = e.Value.Exception?.GetType().Name,
                    description = e.Value.Description,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Options));
    }
}
