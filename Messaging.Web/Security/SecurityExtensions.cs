using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Server;

namespace Messaging.Web.Security;

internal static class SecurityExtensions
{
    /// <summary>Deliberate limits for the Blazor circuit and its hub, and the security options.</summary>
    public static IServiceCollection AddMessagingSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName));
        services.AddSingleton<ConnectionLimiter>();
        services.AddSingleton<HubSignInFilter>();
        services.AddSingleton<IClaimsTransformation, RevokedSignInTransformation>();
        services.Configure<CircuitOptions>(circuit =>
        {
            circuit.DetailedErrors = environment.IsDevelopment();
            // A dropped tab keeps its state for three minutes so a reconnect resumes it; a few hundred such
            // circuits at most, so a flood of abandoned tabs cannot exhaust memory.
            circuit.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
            circuit.DisconnectedCircuitMaxRetained = 500;
            circuit.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(30);
            circuit.MaxBufferedUnacknowledgedRenderBatches = 10;
        });
        services.AddServerSideBlazor().AddHubOptions(hub =>
        {
            // The composer's text travels in these messages: 2,000 characters fit many times over.
            hub.MaximumReceiveMessageSize = 64 * 1024;
            hub.MaximumParallelInvocationsPerClient = 1;
            hub.EnableDetailedErrors = environment.IsDevelopment();
        });
        return services;
    }

    public static IApplicationBuilder UseMessagingSecurity(this IApplicationBuilder app) =>
        app.UseMiddleware<SecurityHeadersMiddleware>().UseMiddleware<OriginCheckMiddleware>();
}
