using Messaging.Core.Attachments;
using Messaging.Core.Common;
using Messaging.Core.Realtime;

namespace Messaging.Core.Messages;

/// <summary>
/// A message any feature wants sent: a text, a reply, a file, an interview invitation, a system note. Every draft goes
/// through <see cref="MessageService"/>: the checks, idempotency by client message id, gap-free sequence numbers and
/// the broadcast are the same for all of them.
/// </summary>
/// <param name="ActorId">The participant whose action makes the message: its sender, or for a system note the user who caused it.</param>
/// <param name="ClientMessageId">Chosen by the client: sent again with the same id, the draft is answered with the stored message.</param>
/// <param name="Text">The text as typed (a caption for a file); for an invitation or a system note, the server's text.</param>
internal sealed record MessageDraft(string ActorId, Guid ConversationId, Guid ClientMessageId, MessageType Type, string? Text)
{
    /// <summary>A system note has no sender; it counts as read by its actor.</summary>
    public bool IsSystem => Type == MessageType.System;

    public string? SenderId => IsSystem ? null : ActorId;

    /// <summary>Chosen up front, so that what is made before the store (a file's blob) can be bound to it.</summary>
    public Guid MessageId { get; init; } = Guid.CreateVersion7();

    /// <summary>The message this one answers, in the same conversation.</summary>
    public Guid? ReplyToId { get; init; }

    /// <summary>Rows stored with the message, in its transaction.</summary>
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>
    /// Adds or changes rows that must commit with the message (called inside the transaction, again on each retry);
    /// an error it returns rolls everything back and is the answer. A draft with it is written on its own.
    /// </summary>
    public Func<IMessagingDb, Message, Task<Error?>>? Related { get; init; }

    /// <summary>How participants see the stored message; by default its text with the reply and files.</summary>
    public Func<Message, MessageView>? View { get; init; }

    /// <summary>What the text must be: a user's text is checked and moderated, the server's own is not.</summary>
    public OutgoingTextRule? TextRule => Type switch
    {
        MessageType.Text => OutgoingTextRule.Message,
        MessageType.File => OutgoingTextRule.Caption,
        _ => null,
    };

    public static MessageDraft ForText(string senderId, Guid conversationId, Guid clientMessageId, string? text, Guid? replyToId = null) =>
        new(senderId, conversationId, clientMessageId, MessageType.Text, text) { ReplyToId = replyToId };
}

/// <summary>A stored message: its view, its conversation, and the broadcast of <see cref="MessageCreated"/> (started in sequence order).</summary>
internal sealed record WrittenMessage(MessageView View, ConversationRef Conversation, Task Published);
