using Messaging.Core.Accounts;
using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Messages;

/// <summary>
/// Emoji reactions: a participant toggles one of <see cref="AllowedReactions.All"/> on a message; both sides see it live.
/// Limited per user (<see cref="RateLimitOptions.ReactionsPer10Seconds"/>), refused to suspended users and in blocked conversations.
/// </summary>
public sealed class ReactionService(
    IMessagingDbFactory dbFactory, ConversationAccess access, IAccountStatus accounts, UserRateLimiter limits, IChatEventBus bus, Encryption.MessageCipher cipher, TimeProvider time)
{
    public static Error NotAllowed { get; } = Error.Invalid($"Pick one of these reactions: {string.Join(" ", AllowedReactions.All)}.");

    /// <summary>Adds the reaction, or takes it away when the user already gave it. Returns the message with its new reactions.</summary>
    public async Task<Result<MessageView>> ToggleAsync(string userId, Guid messageId, string? emoji, CancellationToken cancellationToken = default)
    {
        if (!AllowedReactions.Contains(emoji))
        {
            return NotAllowed;
        }

        if (await accounts.IsSuspendedAsync(userId, cancellationToken))
        {
            return Error.Forbidden("Your account is suspended, so you cannot react to messages.");
        }

        // Counted before any database work: a flood is refused without costing a query.
        if (limits.TryReaction(userId) is { } limited)
        {
            return limited;
        }

        await using var db = dbFactory.Create();
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (message is null)
        {
            return Error.NotFound("The message");
        }

        var allowed = await access.RequireParticipantAsync(userId, message.ConversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            // Someone else's conversation: same answer as a missing message.
            return Error.NotFound("The message");
        }

        if (message.DeletedAt is not null || message.RemovedAt is not null || message.SenderId is null)
        {
            return Error.Invalid("You can't react to this message.");
        }

        if (await db.Conversations.AnyAsync(c => c.Id == message.ConversationId && c.Status == ConversationStatus.Blocked, cancellationToken))
        {
            return Error.Forbidden("This conversation is blocked, so reactions can't be added or taken back.");
        }

        var removed = await db.Reactions.Where(r => r.MessageId == messageId && r.UserId == userId && r.Emoji == emoji).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            db.Reactions.Add(new Reaction { MessageId = messageId, UserId = userId, Emoji = emoji!, CreatedAt = time.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A double click raced us and added the same reaction: it is there, which is what was asked.
                db.ChangeTracker.Clear();
            }
        }

        var view = await MessageViews.BuildAsync(db, cipher, message, cancellationToken);
        await bus.PublishAsync(new MessageUpdated(allowed.Value, view), cancellationToken);
        return view;
    }
}
