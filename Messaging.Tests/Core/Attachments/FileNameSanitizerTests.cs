using Messaging.Core.Attachments;

namespace Messaging.Tests.Core.Attachments;

public class FileNameSanitizerTests
{
    [Theory]
    [InlineData("CV.pdf", "CV.pdf")]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\Users\\dana\\My CV.PDF", "My CV.pdf")]
    [InlineData("in\u0000voice\u00AD.pdf", "in_voice_.pdf")]
    [InlineData("CON.pdf", "_CON.pdf")]
    [InlineData("nul", "_nul.pdf")]
    [InlineData("", "file.pdf")]
    [InlineData("...", "file.pdf")]
    [InlineData("a<b>c:d|e?.pdf", "a_b_c_d_e_.pdf")]
    public void Names_lose_folders_control_characters_and_device_names(string given, string expected) =>
        Assert.Equal(expected, FileNameSanitizer.Sanitize(given, FileKind.Pdf));

    [Theory]
    [InlineData("Invoice \u202Egnp.exe", "Invoice gnp.exe.png")]
    [InlineData("\u2067cv\u2069 \u200Ffinal\u200E\u061C\u202A\u202B\u202C\u202D\u2066\u2068.png", "cv final.png")]
    public void Bidi_controls_are_removed_so_a_name_cannot_read_backwards(string given, string expected) =>
        Assert.Equal(expected, FileNameSanitizer.Sanitize(given, FileKind.Png));

    [Theory]
    [InlineData("photo.exe", "photo.exe.png")]
    [InlineData("report.pdf", "report.pdf.png")]
    [InlineData("photo.PNG", "photo.png")]
    public void A_spoofed_extension_gets_the_extension_of_the_sniffed_type(string given, string expected) =>
        Assert.Equal(expected, FileNameSanitizer.Sanitize(given, FileKind.Png));

    [Fact]
    public void Long_names_are_cut_but_keep_their_extension()
    {
        var name = FileNameSanitizer.Sanitize(new string('x', 500) + ".jpeg", FileKind.Jpeg);

        Assert.Equal(FileNameSanitizer.MaxLength, name.Length);
        Assert.EndsWith("x.jpeg", name, StringComparison.Ordinal);
    }
}
