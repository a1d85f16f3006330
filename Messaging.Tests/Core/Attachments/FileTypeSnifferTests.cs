using System.IO.Compression;
using System.Text;
using Messaging.Core.Attachments;

namespace Messaging.Tests.Core.Attachments;

/// <summary>The type of a file comes from its bytes; names and extensions decide nothing.</summary>
public class FileTypeSnifferTests
{
    public static byte[] Pdf => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    public static byte[] Zip(string entry)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
            writer.Write("<w:document/>");
        }

        return buffer.ToArray();
    }

    [Fact]
    public void Allowed_types_are_recognised_by_their_magic_numbers()
    {
        Assert.Equal(FileKind.Pdf, FileTypeSniffer.Sniff(Pdf));
        Assert.Equal(FileKind.Png, FileTypeSniffer.Sniff(Png));
        Assert.Equal(FileKind.Jpeg, FileTypeSniffer.Sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]));
        Assert.Equal(FileKind.Docx, FileTypeSniffer.Sniff(Zip("word/document.xml")));
        Assert.Equal(FileKind.Text, FileTypeSniffer.Sniff("Grüße, see you on Thursday\n"u8));
    }

    [Fact]
    public void A_zip_without_a_word_document_is_refused_and_described_as_an_archive()
    {
        var zip = Zip("payload.exe");

        Assert.Null(FileTypeSniffer.Sniff(zip));
        Assert.Equal("a ZIP archive", FileTypeSniffer.Describe(zip));
    }

    [Fact]
    public void Binary_content_is_refused_whatever_it_is_called()
    {
        byte[] program = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00];
        byte[] notUtf8 = [0x41, 0xC3, 0x28, 0x42];

        Assert.Null(FileTypeSniffer.Sniff(program));
        Assert.Equal("a Windows program", FileTypeSniffer.Describe(program));
        Assert.Null(FileTypeSniffer.Sniff(notUtf8));
        Assert.Null(FileTypeSniffer.Sniff("text with a\0NUL"u8));
        Assert.Null(FileTypeSniffer.Sniff([]));
    }
}
