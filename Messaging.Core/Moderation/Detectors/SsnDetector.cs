using System.Text.RegularExpressions;

namespace Messaging.Core.Moderation.Detectors;

/// <summary>
/// US social security numbers: ###-##-#### with dashes, spaces or dots, or nine digits right after "SSN" or
/// "social security". Numbers the SSA never issues (area 000, 666 or 900-999, group 00, serial 0000) are ignored.
/// </summary>
public sealed partial class SsnDetector : IModerationDetector
{
    public string Name => ModerationDetectors.Ssn;

    public string Reason => "Social security numbers can't be shared in messages.";

    public IReadOnlyList<TextSpan> Find(string text)
    {
        var spans = new List<TextSpan>();
        foreach (Match match in Separated().Matches(text))
        {
            AddIfIssuable(spans, match);
        }

        foreach (Match match in AfterKeyword().Matches(text))
        {
            AddIfIssuable(spans, match);
        }

        return TextSpan.Merge(spans);
    }

    public static bool IsIssuable(string area, string group, string serial) =>
        area != "000" && area != "666" && area[0] != '9' && group != "00" && serial != "0000";

    private static void AddIfIssuable(List<TextSpan> spans, Match match)
    {
        if (IsIssuable(match.Groups["area"].Value, match.Groups["group"].Value, match.Groups["serial"].Value))
        {
            var number = match.Groups["number"];
            spans.Add(new TextSpan(number.Index, number.Length));
        }
    }

    [GeneratedRegex(@"(?<![\p{N}\-./,+])(?<number>(?<area>[0-9]{3})(?<sep>[\- .])(?<group>[0-9]{2})\k<sep>(?<serial>[0-9]{4}))(?![\p{N}]|[\-./,][0-9])",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Separated();

    [GeneratedRegex(@"\b(?:ssn|ss\#|social\s+security(?:\s+(?:number|no\.?|\#))?)\W{0,5}(?:is\W{1,3})?(?<number>(?<area>[0-9]{3})(?<group>[0-9]{2})(?<serial>[0-9]{4}))(?![\p{N}])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex AfterKeyword();
}
