namespace Messaging.Core.Attachments;

/// <summary>What participants see of a file sent with a message; the bytes come from the download endpoint.</summary>
public sealed record AttachmentView(Guid Id, string FileName, string ContentType, long Size)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    public static AttachmentView From(Messaging.Core.Messages.Attachment a) => new(a.Id, a.FileName, a.ContentType, a.Size);
}
