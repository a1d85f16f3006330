namespace Messaging.Core.Messages;

/// <summary>The text a message had before one edit; only admins see it (participants see the "edited" mark).</summary>
public class MessageEdit
{
    public Guid Id { get; set; }

    public Guid MessageId { get; set; }

    /// <summary>The text participants saw before the edit, encrypted like message bodies.</summary>
    public byte[]? PreviousCiphertext { get; set; }

    /// <summary>The unfiltered text before the edit, when moderation had filtered it (encrypted).</summary>
    public byte[]? PreviousOriginalCiphertext { get; set; }

    public DateTime EditedAt { get; set; }
}
