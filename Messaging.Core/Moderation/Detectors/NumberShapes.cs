using System.Text.RegularExpressions;

namespace Messaging.Core.Moderation.Detectors;

/// <summary>Shapes of numbers that are dates or year ranges, which the number detectors leave alone.</summary>
internal static partial class NumberShapes
{
    /// <summary>"12.03.2026", "31-12-2026", "2024-12-03", "2019-2023", "2019 – 2023".</summary>
    public static bool ContainsDateOrYearRange(string text) => Date().IsMatch(text) || YearRange().IsMatch(text);

    [GeneratedRegex(@"(?<![0-9])(?:[0-9]{1,2}[./\-][0-9]{1,2}[./\-](?:19|20)[0-9]{2}|(?:19|20)[0-9]{2}[./\-][0-9]{1,2}[./\-][0-9]{1,2})(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    [GeneratedRegex(@"(?<![0-9])(?:19|20)[0-9]{2}\s?[\-–/]\s?(?:19|20)[0-9]{2}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex YearRange();
}
