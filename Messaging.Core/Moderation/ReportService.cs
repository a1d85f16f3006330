using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Moderation;

/// <summary>Participants report a message or a whole conversation; reports land in the admin flag queue.</summary>
public sealed class ReportService(IMessagingDbFactory dbFactory, ConversationAccess access, ConversationService conversations, TimeProvider time)
{
    public static readonly FlagReason[] ReportReasons = [FlagReason.Harassment, FlagReason.Scam, FlagReason.Spam, FlagReason.PersonalInfo, FlagReason.Other];

    public async Task<Result<Guid>> ReportAsync(string userId, Guid conversationId, Guid? messageId, FlagReason reason, string? details, bool alsoBlock, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        if (!ReportReasons.Contains(reason))
        {
            return Error.Invalid("Pick a reason for the report.");
        }

        if (details is { Length: > ModerationFlag.MaxDetailsLength })
        {
            return Error.Invalid($"Keep the details under {ModerationFlag.MaxDetailsLength:N0} characters.");
        }

        await using var db = dbFactory.Create();
        if (messageId is { } id && !await db.Messages.AnyAsync(m => m.Id == id && m.ConversationId == conversationId && m.SenderId != userId, cancellationToken))
        {
            return Error.Invalid("You can report messages the other person sent in this conversation.");
        }

        // One open report per reporter and item: reporting twice keeps the first.
        var existing = await db.ModerationFlags
            .Where(f => f.ReporterId == userId && f.ConversationId == conversationId && f.MessageId == messageId && f.Status == FlagStatus.Open)
            .Select(f => (Guid?)f.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var flagId = existing ?? Guid.CreateVersion7();
        if (existing is null)
        {
            db.ModerationFlags.Add(new ModerationFlag
            {
                Id = flagId,
                ConversationId = conversationId,
                MessageId = messageId,
                Source = FlagSource.UserReport,
                Reason = reason,
                ReporterId = userId,
                Details = string.IsNullOrWhiteSpace(details) ? null : details.Trim(),
                Status = FlagStatus.Open,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        if (alsoBlock)
        {
            await conversations.SetBlockedAsync(userId, conversationId, true, cancellationToken);
        }

        return flagId;
    }
}
