namespace Messaging.Core.Messages;

/// <summary>One user's emoji on one message; a user may add several different emoji.</summary>
public class Reaction
{
    public const int MaxEmojiLength = 16;

    public Guid MessageId { get; set; }

    public required string UserId { get; set; }

    public required string Emoji { get; set; }

    public DateTime CreatedAt { get; set; }
}
