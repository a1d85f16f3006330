using Messaging.Core.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Core;

public static class DependencyInjection
{
    /// <summary>Registers the domain services. The database (<see cref="Common.IMessagingDb"/>) comes from Messaging.Data.</summary>
    public static IServiceCollection AddMessagingCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ConversationQueries>();
        return services;
    }
}
