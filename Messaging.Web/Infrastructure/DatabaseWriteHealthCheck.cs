using Messaging.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Web.Infrastructure;

/// <summary>
/// Whether the database takes a write, not only a connection: a full disk or a read-only database lets every read
/// through while every send fails. The probe commits an update of one row to the value it has (the newest row of
/// the migrations history, which every provider has and nothing else writes after start-up), so it changes nothing
/// yet goes through the same log and pages as a message.
/// </summary>
internal sealed class DatabaseWriteHealthCheck(IMessagingDbFactory dbFactory) : IHealthCheck
{
    private const string Probe =
        "UPDATE \"__EFMigrationsHistory\" SET \"ProductVersion\" = \"ProductVersion\" " +
        "WHERE \"MigrationId\" = (SELECT MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\")";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = dbFactory.Create();
            await db.Database.ExecuteSqlRawAsync(Probe, cancellationToken);
            return HealthCheckResult.Healthy("The database takes writes.");
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The database refuses writes: messages cannot be stored.", ex);
        }
    }
}
