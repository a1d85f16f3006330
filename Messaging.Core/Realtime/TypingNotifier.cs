using Messaging.Core.Accounts;
using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Realtime;

/// <summary>
/// Relays "is typing" to the other participant. Nothing is stored: the receiving side lets the indicator
/// expire by itself (<see cref="Expiry"/>) if the typist goes quiet or vanishes. Suspended users and blocked
/// conversations relay nothing, and a flood is coalesced by <see cref="TypingThrottle"/>.
/// </summary>
public sealed class TypingNotifier(ConversationAccess access, IAccountStatus accounts, IMessagingDbFactory dbFactory, TypingThrottle throttle, IChatEventBus bus)
{
    /// <summary>How long an indicator stays without a fresh "typing" event.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(5);

    /// <summary>How often a client repeats "typing" while the user keeps typing.</summary>
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(2);

    public static Error Suspended { get; } = new(ErrorCode.Forbidden, "Your account is suspended.");

    public async Task<Result<bool>> NotifyAsync(string userId, Guid conversationId, bool isTyping, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        if (await accounts.IsSuspendedAsync(userId, cancellationToken))
        {
            return Suspended;
        }

        // Dropped before the status is read: a flood costs neither the other side nor the database.
        if (!throttle.TryRelay(userId, conversationId, isTyping))
        {
            return isTyping;
        }

        await using (var db = dbFactory.Create())
        {
            var status = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.Status).FirstOrDefaultAsync(cancellationToken);
            if (status == ConversationStatus.Blocked)
            {
                return MessageErrors.ConversationBlocked;
            }
        }

        await bus.PublishAsync(new TypingChanged(allowed.Value, userId, isTyping), cancellationToken);
        return isTyping;
    }
}
