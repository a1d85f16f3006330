using Messaging.Core.Common;

namespace Messaging.Core.Attachments;

public static class AttachmentErrors
{
    public static Error TooLarge(long maxBytes) => new(ErrorCode.TooLong, $"Files can be at most {FormatSize(maxBytes)}.");

    public static Error NotAllowed(string lookedLike) =>
        new(ErrorCode.Rejected, $"Only PDF, DOCX, PNG, JPEG and TXT files can be sent; this file looks like {lookedLike}.");

    public static Error Empty { get; } = new(ErrorCode.Empty, "This file is empty.");

    public static Error NotFound { get; } = Error.NotFound("The file");

    /// <summary>"10 MB", "512 KB", "300 bytes": sizes as people read them.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / (1024d * 1024):0.#} MB",
        >= 1024 => $"{bytes / 1024d:0.#} KB",
        1 => "1 byte",
        _ => $"{bytes} bytes",
    };
}
