using Messaging.Core.Common;

namespace Messaging.Core.Audit;

/// <summary>Writes audit entries in the caller's unit of work, so an action and its record commit together.</summary>
public sealed class AuditLog(TimeProvider time)
{
    public const string ConversationRead = "conversation.read";
    public const string FlagDismissed = "flag.dismissed";
    public const string MessageRemoved = "message.removed";
    public const string ConversationBlocked = "conversation.blocked";
    public const string UserSuspended = "user.suspended";
    public const string UserReinstated = "user.reinstated";
    public const string RuleCreated = "rule.created";
    public const string RuleUpdated = "rule.updated";
    public const string RuleDeleted = "rule.deleted";

    public void Add(IMessagingDb db, string actorId, string action, string targetType, string targetId, string? reason)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            ActorId = actorId,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()[..Math.Min(reason.Trim().Length, AuditEntry.MaxReasonLength)],
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
    }
}
