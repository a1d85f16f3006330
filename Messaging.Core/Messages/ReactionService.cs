using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Messages;

/// <summary>Emoji reactions: a participant toggles one of <see cref="AllowedReactions.All"/> on a message; both sides see it live.</summary>
public sealed class ReactionService(IMessagingDbFactory dbFactory, ConversationAccess access, IChatEventBus bus, Encryption.MessageCipher cipher, TimeProvider time)
{
    public static Error NotAllowed { get; } = Error.Invalid($"Pick one of these reactions: {string.Join(" ", AllowedReactions.All)}.");

    /// <summary>Adds the reaction, or takes it away when the user already gave it. Returns the message with its new reactions.</summary>
    public async Task<Result<MessageView>> ToggleAsync(string userId, Guid messageId, string? emoji, CancellationToken cancellationToken = default)
    {
        if (!AllowedReactions.Contains(emoji))
        {
            return NotAllowed;
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
