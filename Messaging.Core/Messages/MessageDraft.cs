using Messaging.Core.Attachments;
using Messaging.Core.Common;
using Messaging.Core.Realtime;
using Messaging.Core.Moderation;

namespace Messaging.Core.Messages;

/// <summary>
/// A message that passed every check that needs no lock (text, suspension, rate limit, moderation) and waits for
/// <see cref="MessageWriter"/> to give it a sequence number and store it.
/// </summary>
/// <param name="SenderId">Null for a system message.</param>
/// <param name="ActorId">The participant whose action made the message: it must be a participant, and the message counts as read by them.</param>
/// <param name="Verdict">What moderation decided: the shown text, and whether the message goes to the admin queue.</param>
internal sealed record MessageDraft(
    Guid ConversationId,
    string? SenderId,
    string ActorId,
    Guid ClientMessageId,
    Guid MessageId,
    MessageType Type,
    string Text,
    ModerationResult Verdict)
{
    /// <summary>The message this one answers (already checked to be a live message of the conversation).</summary>
    public ReplyPreview? ReplyTo { get; init; }

    /// <summary>Rows stored with the message, in its transaction.</summary>
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>
    /// Adds or changes rows that must commit with the message (called inside the transaction, again on each retry);
    /// an error it returns rolls everything back and is the answer. A draft with it is written on its own.
    /// </summary>
    public Func<IMessagingDb, Message, Task<Error?>>? Related { get; init; }

    /// <summary>How participants see the stored message; by default the shown text with the reply and files.</summary>
    public Func<Message, MessageView>? View { get; init; }

    public MessageView ViewOf(Message message) => View?.Invoke(message)
        ?? MessageView.From(message, Verdict.Text) with { ReplyTo = ReplyTo, Attachments = Attachments.Select(AttachmentView.From).ToList() };
}

/// <summary>A stored message: its view, its conversation, and the broadcast of <see cref="MessageCreated"/> (started in sequence order).</summary>
internal sealed record WrittenMessage(MessageView View, ConversationRef Conversation, Task Published);
