using System.Text.RegularExpressions;

namespace Messaging.Core.Moderation.Detectors;

/// <summary>
/// Phone numbers: international (+CC or 00CC) and national formats with 9 to 15 digits, grouped by spaces,
/// dashes, dots, slashes or parentheses. Hiring messages are full of other numbers, so candidates that read as
/// salaries and ranges, dates and years, times, amounts, versions, IP addresses, ZIP+4 codes, SSN-shaped numbers
/// (the SSN detector's) or references ("order 123 456 789") are left alone.
/// </summary>
public sealed partial class PhoneNumberDetector : IModerationDetector
{
    private const int MinDigits = 9;
    private const int MaxDigits = 15;
    private const int ContextLength = 40;

    public string Name => ModerationDetectors.Phone;

    public string Reason => "Sharing phone numbers is not allowed here; keep the conversation on the platform.";

    public IReadOnlyList<TextSpan> Find(string text)
    {
        var spans = new List<TextSpan>();
        foreach (Match candidate in Candidate().Matches(text))
        {
            if (IsPhoneNumber(text, candidate))
            {
                spans.Add(new TextSpan(candidate.Index, candidate.Length));
            }
        }

        return spans;
    }

    private static bool IsPhoneNumber(string text, Match candidate)
    {
        var value = candidate.Value;
        var groups = DigitGroup().Matches(value).Select(g => g.Value).ToList();
        var digits = string.Concat(groups);
        if (digits.Length is < MinDigits or > MaxDigits)
        {
            return false;
        }

        if (value.StartsWith('+'))
        {
            return true;
        }

        var before = text[Math.Max(0, candidate.Index - ContextLength)..candidate.Index];
        if (ReferenceBefore().IsMatch(before))
        {
            return false;
        }

        if (groups.Count == 1)
        {
            // An unbroken run of digits is a phone number when it starts with a trunk prefix or someone says so.
            return (digits[0] == '0' && digits.Length <= 12) || PhoneWordBefore().IsMatch(before);
        }

        var separators = DigitGroup().Split(value)[1..^1].Select(s => s.Trim()).ToList();
        return !(NumberShapes.ContainsDateOrYearRange(value)
            || IsRange(value, groups)
            || IsAmount(groups, separators)
            || IsVersionOrAddress(groups, separators)
            || IsSsnShaped(groups, separators)
            || IsZipPlusFour(groups, separators)
            || IsCounting(groups));
    }

    /// <summary>"1 2 3 4 5 6 7 8 9 10" is a scale, not a number.</summary>
    private static bool IsCounting(List<string> groups) =>
        groups.Count >= 4 && groups.Zip(groups.Skip(1)).All(p => p.First.Length <= 3 && p.Second.Length <= 3 && int.Parse(p.Second) == int.Parse(p.First) + 1);

    /// <summary>"60000-70000", "45 000 - 55 000", "2019 2023": two numbers of one size, the second larger.</summary>
    private static bool IsRange(string value, List<string> groups)
    {
        var parts = RangeDash().Split(value);
        var (low, high) = parts.Length == 2
            ? (DigitsOf(parts[0]), DigitsOf(parts[1]))
            : groups.Count == 2 ? (groups[0], groups[1]) : ("", "");
        return (low.Length >= 4 && low.Length == high.Length && low[0] != '0' && string.CompareOrdinal(low, high) < 0)
            || (groups.Count == 2 && groups.Any(IsYear));
    }

    /// <summary>Thousands separators: "120 000 000", "1.250.000".</summary>
    private static bool IsAmount(List<string> groups, List<string> separators) =>
        groups[0].Length <= 3 && groups.Skip(1).All(g => g.Length == 3) && groups.Skip(1).Any(g => g == "000")
        && separators.All(s => s is "" or "." or ",");

    /// <summary>"8.0.100.25" has a one-digit part; "192.168.100.200" is four parts of at most 255.</summary>
    private static bool IsVersionOrAddress(List<string> groups, List<string> separators) =>
        separators.All(s => s == ".")
        && (groups.Skip(1).Any(g => g.Length == 1) || (groups.Count == 4 && groups.All(g => g.Length <= 3 && int.Parse(g) <= 255)));

    private static bool IsSsnShaped(List<string> groups, List<string> separators) =>
        groups is [{ Length: 3 }, { Length: 2 }, { Length: 4 }] && separators.Distinct().Count() == 1;

    private static bool IsZipPlusFour(List<string> groups, List<string> separators) =>
        groups is [{ Length: 5 }, { Length: 4 }] && separators is ["-"];

    private static bool IsYear(string group) => group.Length == 4 && (group.StartsWith("19", StringComparison.Ordinal) || group.StartsWith("20", StringComparison.Ordinal));

    private static string DigitsOf(string part) => string.Concat(part.Where(char.IsAsciiDigit));

    // Starts where no word, amount, reference or number ends; groups of digits (a group may be in parentheses)
    // joined by one separator; atomic, so a candidate followed by "k", "%", ":00" or "EUR" is dropped as a whole
    // rather than shortened into something that passes.
    [GeneratedRegex(@"(?<![\p{L}\p{N}$€£¥#+_@&=%])(?<![\p{N}][:.,])(?<![\p{L}\p{N}][\-/])(?>(?:\+[ \u00A0]?)?(?:\([0-9]{1,5}\)|[0-9]+)(?:(?:[ \u00A0]?[\-./–][ \u00A0]?|[ \u00A0]{1,2}|(?<=\)))(?:\([0-9]{1,5}\)|[0-9]+))*)(?![\p{L}\p{N}%:/@]|[.,][0-9]|[ \u00A0]?(?:k|m|bn|€|\$|£|%|eur|usd|gbp|chf)\b)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex Candidate();

    [GeneratedRegex(@"[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex DigitGroup();

    [GeneratedRegex(@"\s*[\-–]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex RangeDash();

    [GeneratedRegex(@"\b(?:order|ref|reference|invoice|ticket|booking|case|iban|account|acct|tracking|isbn|id|po|sku|serial|job)\b\W*(?:no\.?|nr\.?|number|\#)?\W*(?:is\W+)?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex ReferenceBefore();

    [GeneratedRegex(@"\b(?:call|phone|tel|telephone|mobile|mob|cell|cellphone|text|sms|ring|number|reach|contact|whatsapp|signal|telegram|viber)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex PhoneWordBefore();
}
