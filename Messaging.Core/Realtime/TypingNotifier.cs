using Messaging.Core.Common;
using Messaging.Core.Conversations;

namespace Messaging.Core.Realtime;

/// <summary>
/// Relays "is typing" to the other participant. Nothing is stored: the receiving side lets the indicator
/// expire by itself (<see cref="Expiry"/>) if the typist goes quiet or vanishes.
/// </summary>
public sealed class TypingNotifier(ConversationAccess access, IChatEventBus bus)
{
    /// <summary>How long an indicator stays without a fresh "typing" event.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(5);

    /// <summary>How often a client repeats "typing" while the user keeps typing.</summary>
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(2);

    public async Task<Result<bool>> NotifyAsync(string userId, Guid conversationId, bool isTyping, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        await bus.PublishAsync(new TypingChanged(allowed.Value, userId, isTyping), cancellationToken);
        return isTyping;
    }
}
