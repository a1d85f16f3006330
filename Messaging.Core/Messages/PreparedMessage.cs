namespace Messaging.Core.Messages;

/// <summary>
/// A message another feature built (a file, an invitation) for <see cref="MessageService"/> to store through the
/// text path: same idempotency, sequence numbers and broadcast. <see cref="MessageId"/> is chosen up front so that
/// rows and blobs made before the store (attachments) can be bound to it.
/// </summary>
internal sealed record PreparedMessage(string SenderId, Guid ConversationId, Guid ClientMessageId, Guid MessageId, MessageType Type, string? Text)
{
    /// <summary>Rows stored with the message, in its transaction.</summary>
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];
}
