using Messaging.Core.Conversations;
using Messaging.Core.Moderation;

namespace Messaging.Core.Messages;

/// <summary>One message in a conversation, ordered by its conversation-local <see cref="Sequence"/>.</summary>
public class Message
{
    public const int MaxLength = 2000;

    public Guid Id { get; set; }

    public Guid ConversationId { get; set; }

    public Conversation? Conversation { get; set; }

    /// <summary>Strictly increasing within a conversation, without gaps; clients catch up from it.</summary>
    public long Sequence { get; set; }

    /// <summary>Null for system messages.</summary>
    public string? SenderId { get; set; }

    /// <summary>Chosen by the sender's client; unique per sender, so a retried send returns the stored message.</summary>
    public Guid ClientMessageId { get; set; }

    public MessageType Type { get; set; }

    /// <summary>The text shown to participants (after filtering), encrypted by <see cref="Encryption.MessageCipher"/>. Null once deleted.</summary>
    public byte[]? BodyCiphertext { get; set; }

    /// <summary>The original text when moderation filtered it, encrypted; only admins see it.</summary>
    public byte[]? OriginalCiphertext { get; set; }

    /// <summary>The key both ciphertexts are under; the rotation job moves rows that are not on the active key.</summary>
    public string? KeyId { get; set; }

    public ModerationOutcome Moderation { get; set; }

    public Guid? ReplyToId { get; set; }

    /// <summary>
    /// The Bloom filter of the shown text's search tokens (see <see cref="Encryption.SearchFilter"/>): empty when the
    /// text has no words or is gone (deleted, erased); null only for messages stored before filters existed, until
    /// <see cref="SearchFilterBackfill"/> has filled it in.
    /// </summary>
    public byte[]? SearchFilter { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? EditedAt { get; set; }

    public DateTime? DeletedAt { get; set; }

    /// <summary>Set when an admin removed the message; participants see a placeholder.</summary>
    public DateTime? RemovedAt { get; set; }

    public List<Reaction> Reactions { get; set; } = [];

    public List<Attachment> Attachments { get; set; } = [];
}
