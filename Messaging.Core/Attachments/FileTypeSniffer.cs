using System.IO.Compression;
using System.Text;

namespace Messaging.Core.Attachments;

/// <summary>
/// Decides a file's type from its content only (magic numbers), never from its name or the browser's claim:
/// a renamed executable stays an executable. Returns null for anything not on the allow-list, and
/// <see cref="Describe"/> says what it looked like instead, for the error shown to the sender.
/// </summary>
public static class FileTypeSniffer
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static FileKind? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(PdfMagic))
        {
            return FileKind.Pdf;
        }

        if (content.StartsWith(PngMagic))
        {
            return FileKind.Png;
        }

        if (content.StartsWith(JpegMagic))
        {
            return FileKind.Jpeg;
        }

        if (content.StartsWith(ZipMagic))
        {
            return IsWordDocument(content.ToArray()) ? FileKind.Docx : null;
        }

        return IsText(content) ? FileKind.Text : null;
    }

    /// <summary>A short name for what a refused file looks like ("a ZIP archive", "an unknown binary file").</summary>
    public static string Describe(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return "an empty file";
        }

        if (content.StartsWith(ZipMagic))
        {
            return "a ZIP archive";
        }

        if (content.StartsWith("MZ"u8))
        {
            return "a Windows program";
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46]))
        {
            return "a Linux program";
        }

        if (content.StartsWith("GIF8"u8))
        {
            return "a GIF image";
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            return "an old Office document (DOC/XLS)";
        }

        return "an unknown binary file";
    }

    private static bool IsWordDocument(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            return zip.GetEntry("word/document.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static bool IsText(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty || content.Contains((byte)0))
        {
            return false;
        }

        try
        {
            StrictUtf8.GetCharCount(content);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
