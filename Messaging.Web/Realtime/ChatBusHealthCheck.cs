using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Web.Realtime;

/// <summary>
/// Degraded while the Redis bus has fallen back to this instance only: chat still works for users on this
/// instance, but the others do not see their events until Redis is back (and every screen resyncs).
/// </summary>
internal sealed class ChatBusHealthCheck(RedisChatEventBus bus, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(bus.DegradedSince is { } since
            ? HealthCheckResult.Degraded($"Events reach this instance only, for {(int)(time.GetUtcNow() - since).TotalSeconds} s: Redis pub/sub is unavailable.")
            : HealthCheckResult.Healthy("Events reach every instance through Redis."));
}
