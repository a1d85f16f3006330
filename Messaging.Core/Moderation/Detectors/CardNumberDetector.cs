using System.Text.RegularExpressions;

namespace Messaging.Core.Moderation.Detectors;

/// <summary>Payment card numbers: 13 to 19 digits, spaces or dashes allowed, a known network's first digit, Luhn-valid.</summary>
public sealed partial class CardNumberDetector : IModerationDetector
{
    private const int MinDigits = 13;
    private const int MaxDigits = 19;

    public string Name => ModerationDetectors.CardNumber;

    public string Reason => "Card numbers can't be shared in messages.";

    public IReadOnlyList<TextSpan> Find(string text)
    {
        var spans = new List<TextSpan>();
        foreach (Match candidate in DigitGroups().Matches(text))
        {
            var groups = Groups().Matches(candidate.Value).Select(g => (Start: candidate.Index + g.Index, g.Value)).ToList();
            // The digits may run on into other numbers ("ref 12 4111 1111 1111 1111"): from each group, take the
            // longest stretch of whole groups that is a card number, then carry on after it.
            for (var first = 0; first < groups.Count; first++)
            {
                var digits = "";
                var best = -1;
                for (var last = first; last < groups.Count && digits.Length + groups[last].Value.Length <= MaxDigits; last++)
                {
                    digits += groups[last].Value;
                    if (IsCardNumber(digits) && IsCardLike(text, groups, first, last))
                    {
                        best = last;
                    }
                }

                if (best >= 0)
                {
                    spans.Add(TextSpan.FromBounds(groups[first].Start, groups[best].Start + groups[best].Value.Length));
                    first = best;
                }
            }
        }

        return spans;
    }

    /// <summary>
    /// Written as one number, in the 4-4-4-4(-3) or 4-6-5 / 4-6-4 groups printed on cards, or in short groups
    /// that are not dates: "2024-12-03 2025-01-15" is sixteen Luhn-valid digits but two dates.
    /// </summary>
    private static bool IsCardLike(string text, List<(int Start, string Value)> groups, int first, int last)
    {
        var lengths = groups.Skip(first).Take(last - first + 1).Select(g => g.Value.Length).ToList();
        if (lengths.Count == 1 || lengths is [4, 6, 5] or [4, 6, 4] || (lengths[..^1].All(l => l == 4) && lengths[^1] <= 4))
        {
            return true;
        }

        var end = groups[last].Start + groups[last].Value.Length;
        return lengths.All(l => l <= 4) && !NumberShapes.ContainsDateOrYearRange(text[groups[first].Start..end]);
    }

    /// <summary>Networks' numbers start with 2 to 6 (Mastercard, Amex and Diners, Visa, Mastercard, Discover).</summary>
    public static bool IsCardNumber(string digits) =>
        digits.Length is >= MinDigits and <= MaxDigits && digits[0] is >= '2' and <= '6' && Luhn.IsValid(digits);

    [GeneratedRegex(@"(?<![\p{N}.,])[0-9]+(?:[ \-][0-9]+)*(?![\p{N}]|[.,][0-9])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DigitGroups();

    [GeneratedRegex(@"[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Groups();
}
