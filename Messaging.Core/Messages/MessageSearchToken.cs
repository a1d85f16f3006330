namespace Messaging.Core.Messages;

/// <summary>One blind-index token of a message: a keyed hash of one of its words (see <see cref="Encryption.BlindIndex"/>).</summary>
public class MessageSearchToken
{
    public Guid MessageId { get; set; }

    public Guid ConversationId { get; set; }

    public byte[] Token { get; set; } = [];
}
