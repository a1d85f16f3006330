using System.Text;

namespace Messaging.Core.Attachments;

/// <summary>
/// Makes a sender's file name safe to store and to offer as a download name: no folders, no control or
/// path characters, no bidi controls (so "Invoice \u202Egnp.exe" cannot display as "Invoice exe.png"), no device names (CON, NUL…), bounded length, and an extension that matches the type
/// the content was sniffed as (so "cv.pdf.exe" that is really a PDF becomes "cv.pdf.exe.pdf").
/// </summary>
public static class FileNameSanitizer
{
    public const int MaxLength = 120;

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    private static readonly char[] Forbidden = ['<', '>', ':', '"', '|', '?', '*', '/', '\\'];

    public static string Sanitize(string? fileName, FileKind kind)
    {
        var name = fileName ?? "";
        // Strip any folder part, whichever separator the sender's system used.
        var slash = name.LastIndexOfAny(['/', '\\']);
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            if (IsBidiControl(c))
            {
                continue;
            }

            if (char.IsControl(c) || Forbidden.Contains(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format)
            {
                builder.Append('_');
            }
            else
            {
                builder.Append(c);
            }
        }

        name = builder.ToString().Trim().Trim('.', ' ');
        var extension = Path.GetExtension(name);
        var stem = kind.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase) ? name[..^extension.Length] : name;
        stem = stem.Trim().TrimEnd('.');
        if (!kind.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            extension = kind.Extension;
        }

        var device = stem.Split('.')[0].Trim();
        if (stem.Length == 0 || ReservedNames.Contains(device))
        {
            stem = stem.Length == 0 ? "file" : "_" + stem;
        }

        var maxStem = MaxLength - extension.Length;
        if (stem.Length > maxStem)
        {
            stem = stem[..maxStem].TrimEnd('.', ' ');
            if (char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }
        }

        return stem + extension.ToLowerInvariant();
    }

    /// <summary>Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the marks LRM, RLM and ALM.</summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}
