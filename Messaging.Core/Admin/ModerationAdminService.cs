using Messaging.Core.Accounts;
using Messaging.Core.Audit;
using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Admin;

/// <summary>A flagged item in its context, as an admin reviews it (original text included).</summary>
public sealed record FlagReview(
    ModerationFlag Flag,
    ConversationRef Conversation,
    ConversationStatus ConversationStatus,
    IReadOnlyDictionary<string, AccountSummary> People,
    IReadOnlyList<AdminMessageView> Messages);

public sealed record AdminMessageView(MessageView Message, string? OriginalBody, string? StoredBody);

/// <summary>
/// The admin actions of the moderation console. Every call checks that the actor is an admin, and every
/// action and every read of a conversation is written to the audit log in the same transaction.
/// </summary>
public sealed class ModerationAdminService(IMessagingDbFactory dbFactory, AdminGuard guard, IAccountStatus accounts, IChatEventBus bus, AuditLog audit, MessageCipher cipher, TimeProvider time)
{
    private const int ContextSize = 15;

    public async Task<Result<FlagReview>> ReviewAsync(string adminId, Guid flagId, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAdminAsync(adminId, cancellationToken) is { } denied)
        {
            return denied;
        }

        await using var db = dbFactory.Create();
        var flag = await db.ModerationFlags.AsNoTracking().FirstOrDefaultAsync(f => f.Id == flagId, cancellationToken);
        if (flag is null)
        {
            return Error.NotFound("The flag");
        }

        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == flag.ConversationId, cancellationToken);
        var around = flag.MessageId is { } messageId
            ? await db.Messages.Where(m => m.Id == messageId).Select(m => m.Sequence).FirstOrDefaultAsync(cancellationToken)
            : conversation.LastSequence;
        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversation.Id && m.Sequence >= around - ContextSize && m.Sequence <= around + ContextSize)
            .OrderBy(m => m.Sequence)
            .ToListAsync(cancellationToken);

        audit.Add(db, adminId, AuditLog.ConversationRead, "Conversation", conversation.Id.ToString(), $"Reviewing flag {flag.Id}");
        await db.SaveChangesAsync(cancellationToken);

        var reference = new ConversationRef(conversation.Id, conversation.CandidateId, conversation.EmployerId);
        var people = await accounts.DescribeAsync(new[] { conversation.CandidateId, conversation.EmployerId, flag.ReporterId }.OfType<string>(), cancellationToken);
        return new FlagReview(flag, reference, conversation.Status, people,
            messages.Select(m =>
            {
                var stored = cipher.OpenBody(m);
                return new AdminMessageView(MessageView.From(m, stored), cipher.OpenOriginal(m), stored);
            }).ToList());
    }

    public Task<Result<bool>> DismissAsync(string adminId, Guid flagId, string reason, CancellationToken cancellationToken = default) =>
        ResolveAsync(adminId, flagId, FlagStatus.Dismissed, AuditLog.FlagDismissed, "Flag", flagId.ToString(), reason, (_, _) => Task.FromResult<ChatEvent?>(null), cancellationToken);

    /// <summary>Removes a message: participants see "removed by a moderator"; the text stays for the audit trail.</summary>
    public async Task<Result<bool>> RemoveMessageAsync(string adminId, Guid flagId, string reason, CancellationToken cancellationToken = default) =>
        await ResolveAsync(adminId, flagId, FlagStatus.ActionTaken, AuditLog.MessageRemoved, "Message", null, reason, async (db, flag) =>
        {
            var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == flag.MessageId, cancellationToken);
            if (message is null)
            {
                return null;
            }

            message.RemovedAt ??= time.GetUtcNow().UtcDateTime;
            var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == message.ConversationId, cancellationToken);
            return new MessageUpdated(new ConversationRef(conversation.Id, conversation.CandidateId, conversation.EmployerId), MessageView.From(message, cipher));
        }, cancellationToken);

    /// <summary>Blocks the flagged conversation: nobody can send in it until it is unblocked by an admin.</summary>
    public async Task<Result<bool>> BlockConversationAsync(string adminId, Guid flagId, string reason, CancellationToken cancellationToken = default) =>
        await ResolveAsync(adminId, flagId, FlagStatus.ActionTaken, AuditLog.ConversationBlocked, "Conversation", null, reason, async (db, flag) =>
        {
            var conversation = await db.Conversations.FirstAsync(c => c.Id == flag.ConversationId, cancellationToken);
            conversation.Status = ConversationStatus.Blocked;
            conversation.BlockedById = adminId;
            return new ConversationChanged(new ConversationRef(conversation.Id, conversation.CandidateId, conversation.EmployerId));
        }, cancellationToken);

    /// <summary>Suspends a user: their tabs sign out at once and they can no longer sign in or send.</summary>
    public async Task<Result<bool>> SetSuspendedAsync(string adminId, string userId, bool suspended, string reason, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAdminAsync(adminId, cancellationToken) is { } denied)
        {
            return denied;
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return Error.Invalid("Say why: the reason goes into the audit log.");
        }

        if (userId == adminId)
        {
            return Error.Invalid("You cannot suspend your own account.");
        }

        var result = await accounts.SetSuspendedAsync(userId, suspended, cancellationToken);
        if (!result.IsSuccess)
        {
            return result;
        }

        await using var db = dbFactory.Create();
        audit.Add(db, adminId, suspended ? AuditLog.UserSuspended : AuditLog.UserReinstated, "User", userId, reason);
        await db.SaveChangesAsync(cancellationToken);
        return suspended;
    }

    public async Task<Result<IReadOnlyList<AuditEntry>>> AuditTrailAsync(string adminId, int take, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAdminAsync(adminId, cancellationToken) is { } denied)
        {
            return denied;
        }

        await using var db = dbFactory.Create();
        return await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
    }

    private async Task<Result<bool>> ResolveAsync(string adminId, Guid flagId, FlagStatus status, string action, string targetType, string? targetId,
        string reason, Func<IMessagingDb, ModerationFlag, Task<ChatEvent?>> act, CancellationToken cancellationToken)
    {
        if (await guard.RequireAdminAsync(adminId, cancellationToken) is { } denied)
        {
            return denied;
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return Error.Invalid("Say why: the reason goes into the audit log.");
        }

        await using var db = dbFactory.Create();
        var flag = await db.ModerationFlags.FirstOrDefaultAsync(f => f.Id == flagId, cancellationToken);
        if (flag is null)
        {
            return Error.NotFound("The flag");
        }

        var chatEvent = await act(db, flag);
        var now = time.GetUtcNow().UtcDateTime;
        flag.Status = status;
        flag.ResolvedAt = now;
        flag.ResolvedById = adminId;
        flag.Resolution = reason.Trim()[..Math.Min(reason.Trim().Length, ModerationFlag.MaxDetailsLength)];

        // Other open flags on the same message or conversation are settled by the same action.
        if (status == FlagStatus.ActionTaken)
        {
            var related = await db.ModerationFlags
                .Where(f => f.Id != flag.Id && f.Status == FlagStatus.Open && (action == AuditLog.MessageRemoved ? f.MessageId == flag.MessageId : f.ConversationId == flag.ConversationId))
                .ToListAsync(cancellationToken);
            foreach (var other in related)
            {
                (other.Status, other.ResolvedAt, other.ResolvedById, other.Resolution) = (status, now, adminId, flag.Resolution);
            }
        }

        var target = targetId ?? (targetType == "Message" ? flag.MessageId?.ToString() : flag.ConversationId.ToString()) ?? flag.Id.ToString();
        audit.Add(db, adminId, action, targetType, target, reason);
        await db.SaveChangesAsync(cancellationToken);
        if (chatEvent is not null)
        {
            await bus.PublishAsync(chatEvent, cancellationToken);
        }

        return true;
    }
}
