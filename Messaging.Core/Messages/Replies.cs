using Messaging.Core.Common;
using Messaging.Core.Encryption;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Messages;

/// <summary>Reply rules shared by the send path: a reply answers a live message of the same conversation.</summary>
internal static class Replies
{
    public static Error InvalidTarget { get; } = Error.Invalid("You can only reply to a message in this conversation.");

    public static Error TargetGone { get; } = Error.Invalid("That message was deleted, so you can't reply to it.");

    /// <summary>The preview of the message being answered, or an error. A message of another conversation looks missing.</summary>
    public static async Task<Result<ReplyPreview>> ValidateAsync(IMessagingDb db, MessageCipher cipher, Guid conversationId, Guid replyToId, CancellationToken cancellationToken)
    {
        var parent = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == replyToId && m.ConversationId == conversationId, cancellationToken);
        if (parent is null)
        {
            return InvalidTarget;
        }

        return parent.DeletedAt is null && parent.RemovedAt is null ? ReplyPreview.From(parent, cipher) : TargetGone;
    }

    /// <summary>Tells open rooms that the answered message has one more reply (its thread count changed).</summary>
    public static async Task PublishParentAsync(IMessagingDb db, IChatEventBus bus, MessageCipher cipher, ConversationRef conversation, Guid parentId, CancellationToken cancellationToken)
    {
        var parent = await db.Messages.AsNoTracking().FirstAsync(m => m.Id == parentId, cancellationToken);
        await bus.PublishAsync(new MessageUpdated(conversation, await MessageViews.BuildAsync(db, cipher, parent, cancellationToken)), cancellationToken);
    }
}
