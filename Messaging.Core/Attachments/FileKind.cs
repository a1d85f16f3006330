namespace Messaging.Core.Attachments;

/// <summary>A file type we accept, as decided from the content.</summary>
public sealed record FileKind(string Name, string ContentType, string Extension, bool IsImage)
{
    public static FileKind Pdf { get; } = new("PDF", "application/pdf", ".pdf", false);

    public static FileKind Docx { get; } = new("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", false);

    public static FileKind Png { get; } = new("PNG", "image/png", ".png", true);

    public static FileKind Jpeg { get; } = new("JPEG", "image/jpeg", ".jpg", true);

    public static FileKind Text { get; } = new("TXT", "text/plain; charset=utf-8", ".txt", false);

    public static IReadOnlyList<FileKind> Allowed { get; } = [Pdf, Docx, Png, Jpeg, Text];

    /// <summary>Extensions a file name of this kind may keep (otherwise the canonical one is appended).</summary>
    public IReadOnlyList<string> Extensions => this == Jpeg ? [".jpg", ".jpeg"] : this == Text ? [".txt", ".text", ".log", ".md", ".csv"] : [Extension];
}
