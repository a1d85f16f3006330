namespace Messaging.Core.Messages;

/// <summary>A file sent with a message; its content lives in the attachment store under <see cref="StorageKey"/>.</summary>
public class Attachment
{
    public const int MaxFileNameLength = 200;

    public Guid Id { get; set; }

    public Guid MessageId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    public required string StorageKey { get; set; }

    public DateTime CreatedAt { get; set; }
}
