using Messaging.Core.Admin;
using Messaging.Core.Attachments;
using Messaging.Core.Audit;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Messaging.Core;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the domain services and the in-process event bus and presence (the Redis versions replace
    /// them when configured). The database (<see cref="Common.IMessagingDbFactory"/>) comes from Messaging.Data.
    /// </summary>
    public static IServiceCollection AddMessagingCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache(o => o.SizeLimit = 100_000);
        services.AddSingleton<LocalEventDispatcher>();
        services.TryAddSingleton<IChatEventBus, InProcessChatEventBus>();
        services.TryAddSingleton<IPresenceTracker, InMemoryPresenceTracker>();
        services.AddOptions<EncryptionOptions>().BindConfiguration(EncryptionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EncryptionOptions>, EncryptionOptionsValidator>());
        services.AddSingleton<MessageCipher>();
        services.AddSingleton<BlindIndex>();
        services.AddSingleton<MessageKeyRotation>();
        services.AddSingleton<MessageSearch>();
        services.AddSingleton<SearchFilterBackfill>();
        services.AddSingleton<ConversationAccess>();
        services.AddSingleton<ConversationQueries>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<OutgoingTextPolicy>();
        services.AddSingleton<MessageWriter>();
        services.AddSingleton<MessageBatch>();
        services.AddSingleton<MessageWriterService>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageWriterService>());
        services.AddSingleton<MessageService>();
        services.AddSingleton<MessageQueries>();
        services.AddSingleton<MessageEditService>();
        services.AddSingleton<ReactionService>();
        services.AddSingleton<ReceiptService>();
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AttachmentService>();
        services.AddSingleton<Interviews.InterviewService>();
        services.AddSingleton<TypingNotifier>();
        services.AddSingleton<TypingThrottle>();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UserRateLimiter>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AdminGuard>();
        services.AddSingleton<FlagQueue>();
        services.AddSingleton<ModerationAdminService>();
        services.AddSingleton<ModerationStats>();
        services.AddSingleton<ModerationEngine>();
        services.AddSingleton(sp =>
        {
            // Rule edits on any instance reach every cache through the bus.
            var cache = ActivatorUtilities.CreateInstance<ModerationRuleCache>(sp);
            sp.GetRequiredService<IChatEventBus>().Subscribe(ChatTopics.Moderation, _ => cache.InvalidateAsync());
            return cache;
        });
        services.TryAddSingleton<IModerationRuleSource>(sp => sp.GetRequiredService<ModerationRuleCache>());
        services.AddSingleton<ModerationService>();
        services.AddSingleton<ModerationRuleService>();
        return services;
    }
}
