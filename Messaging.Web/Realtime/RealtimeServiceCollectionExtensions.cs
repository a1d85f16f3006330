using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Messaging.Web.Realtime;

public static class RealtimeServiceCollectionExtensions
{
    /// <summary>
    /// The public chat hub with its limits and the forwarder that pushes bus events to it, and the Redis bus,
    /// presence and key ring when Redis is configured. Needs the bearer scheme from <c>AddMessagingIdentity</c>.
    /// No SignalR backplane: see <see cref="HubEventForwarder"/>.
    /// </summary>
    public static IServiceCollection AddMessagingRealtime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RealtimeOptions>()
            .Bind(configuration.GetSection(RealtimeOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid(), "Realtime:ClientTimeoutSeconds must be at least twice Realtime:KeepAliveSeconds.")
            .ValidateOnStart();

        services.AddAuthorizationBuilder()
            .AddPolicy(ChatHub.AuthorizationPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser());

        // Limits for this hub only: the Blazor circuit hub keeps its own settings. AddHubOptions registers the
        // setup that makes per-hub options count; the configurable limits are applied after it.
        services.AddSignalR().AddHubOptions<ChatHub>(hub =>
        {
            hub.HandshakeTimeout = TimeSpan.FromSeconds(15);
            hub.MaximumParallelInvocationsPerClient = 1;
            hub.StreamBufferCapacity = 10;
            hub.EnableDetailedErrors = false;
            hub.AddFilter<Security.HubSignInFilter>();
        });
        services.AddOptions<HubOptions<ChatHub>>()
            .Configure<IOptions<RealtimeOptions>>((hub, realtime) =>
            {
                var limits = realtime.Value;
                hub.MaximumReceiveMessageSize = limits.MaximumReceiveMessageBytes;
                hub.KeepAliveInterval = TimeSpan.FromSeconds(limits.KeepAliveSeconds);
                hub.ClientTimeoutInterval = TimeSpan.FromSeconds(limits.ClientTimeoutSeconds);
            });

        services.AddMessagingRedis(configuration);
        services.AddHostedService<HubEventForwarder>();
        return services;
    }

    public static IEndpointRouteBuilder MapMessagingRealtime(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<ChatHub>(ChatHub.Path, options =>
        {
            options.ApplicationMaxBufferSize = 64 * 1024;
            options.TransportMaxBufferSize = 64 * 1024;
            // An expired bearer token (or cookie) ends the connection; the client reconnects with a fresh token.
            options.CloseOnAuthenticationExpiration = true;
        });
        return endpoints;
    }
}
