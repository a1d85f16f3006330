using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Messaging.Web.Realtime;

public static class RedisServiceCollectionExtensions
{
    public const string ConnectionStringName = "Redis";

    /// <summary>Where the Data Protection key ring lives, so a cookie or token from one instance works on all.</summary>
    public const string DataProtectionKey = "messaging:data-protection-keys";

    /// <summary>
    /// With <c>ConnectionStrings:Redis</c> set: one shared connection, the Redis event bus, presence in Redis, the
    /// Data Protection key ring in Redis and the health checks of Redis and of the bus. Without it: nothing, and the
    /// in-process bus and presence registered by <c>AddMessagingCore</c> stay.
    /// </summary>
    public static IServiceCollection AddMessagingRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        var options = ConfigurationOptions.Parse(connectionString);
        // Start and keep running without Redis (the bus degrades to this instance); commands fail at once while
        // disconnected instead of queueing, so a send never waits on Redis; reconnect within a few seconds.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(500, 5000);
        options.ClientName ??= "messaging-web";

        // Connected on first use; the Data Protection repository needs it before the container is built.
        var connection = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options));
        services.AddSingleton(_ => connection.Value);

        services.AddDataProtection()
            .SetApplicationName("Messaging")
            .PersistKeysToStackExchangeRedis(() => connection.Value.GetDatabase(), DataProtectionKey);

        services.AddSingleton<RedisChatEventBus>();
        services.Replace(ServiceDescriptor.Singleton<IChatEventBus>(sp => sp.GetRequiredService<RedisChatEventBus>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisChatEventBus>());

        services.AddOptions<PresenceOptions>()
            .Bind(configuration.GetSection(PresenceOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid(), "Presence:ExpirySeconds must be at least twice Presence:HeartbeatSeconds.")
            .ValidateOnStart();
        services.AddSingleton<RedisPresenceTracker>();
        services.Replace(ServiceDescriptor.Singleton<IPresenceTracker>(sp => sp.GetRequiredService<RedisPresenceTracker>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisPresenceTracker>());

        services.AddHealthChecks()
            .AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), name: "redis", tags: ["ready"])
            .AddCheck<ChatBusHealthCheck>("bus", tags: ["ready"]);
        return services;
    }
}
