using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Presence;
using Messaging.Core.Realtime;

namespace Messaging.Web.Components.Chat;

/// <summary>Where the room's view should scroll after its next render.</summary>
public enum RoomScroll
{
    None,
    Bottom,
    FirstUnread,
}

/// <summary>What a <see cref="RoomSession"/> works with: the domain services and the circuit's bus.</summary>
public sealed class RoomServices(
    ConversationQueries conversations,
    MessageQueries history,
    MessageService sender,
    ReceiptService receipts,
    TypingNotifier typing,
    Circuits.CircuitEventBus bus,
    IPresenceTracker presence,
    TimeProvider time,
    ILogger<RoomSession> logger)
{
    public ConversationQueries Conversations { get; } = conversations;

    public MessageQueries History { get; } = history;

    public MessageService Sender { get; } = sender;

    public ReceiptService Receipts { get; } = receipts;

    public TypingNotifier Typing { get; } = typing;

    public IChatEventBus Bus { get; } = bus;

    public IPresenceTracker Presence { get; } = presence;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;
}

/// <summary>One message as the composer hands it over: the browser's client id, the text, and what it answers.</summary>
public sealed record OutgoingMessage(Guid ClientMessageId, string Text, Guid? ReplyTo);

/// <summary>What the outbox script learns about one send: rejected messages go back to the composer.</summary>
public sealed record SendOutcome(bool Rejected, string? Error);
