using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Messaging.Core.Moderation.Detectors;

/// <summary>
/// E-mail addresses, also written around filters: "name at domain dot com", "name(at)domain(dot)com",
/// "name [at] gmail.com", "name @ gmail . com". "I worked at Booking.com" is not an address: a spelled-out "at" needs a spelled-out
/// "dot" or a well-known mail provider, and spelled-out addresses must end in a common top-level domain.
/// </summary>
public sealed partial class EmailDetector : IModerationDetector
{
    private static readonly FrozenSet<string> CommonTopLevelDomains = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "com", "net", "org", "io", "co", "uk", "de", "fr", "es", "it", "nl", "be", "eu", "ie", "ch", "at", "se", "no", "dk", "fi",
        "pl", "pt", "cz", "ca", "us", "au", "nz", "in", "jp", "cn", "ru", "br", "mx", "info", "biz", "me", "dev", "ai", "app",
        "tech", "email", "online", "xyz", "site", "edu", "gov");

    private static readonly FrozenSet<string> MailProviders = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn", "icloud", "me", "aol", "proton", "protonmail",
        "pm", "gmx", "web", "mail", "yandex", "zoho", "fastmail", "tutanota", "qq", "163");

    public string Name => ModerationDetectors.Email;

    public string Reason => "Sharing e-mail addresses is not allowed here; keep the conversation on the platform.";

    public IReadOnlyList<TextSpan> Find(string text)
    {
        var spans = new List<TextSpan>();
        for (var match = Address().Match(text); match.Success;)
        {
            if (IsAddress(match))
            {
                spans.Add(new TextSpan(match.Index, match.Length));
                match = match.NextMatch();
            }
            else
            {
                // "reach me at jane.doe@example.com" first reads as "me at jane.doe": look again from the next word.
                match = Address().Match(text, match.Index + 1);
            }
        }

        return spans;
    }

    private static bool IsAddress(Match match)
    {
        var labels = match.Groups["label"].Captures.Select(c => c.Value).ToList();
        var dots = match.Groups["dot"].Captures.Select(c => c.Value).ToList();
        var at = match.Groups["at"].Value.Trim();
        var spelledDot = dots.Any(d => d != ".");
        var topLevel = labels[^1];
        if (at == "@" && !spelledDot)
        {
            return topLevel.Length >= 2 && topLevel.All(char.IsLetter);
        }

        if (!CommonTopLevelDomains.Contains(topLevel))
        {
            return false;
        }

        var spelledAt = at.Equals("at", StringComparison.OrdinalIgnoreCase);
        return !spelledAt || spelledDot || MailProviders.Contains(labels[0]);
    }

    // local part, "@" / "(at)" / " at ", then labels joined by "." / "(dot)" / " dot ".
    [GeneratedRegex(@"(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}][\p{L}\p{N}._%+\-]*(?<at>\s*@\s*|\s*[(\[{<]\s*(?:at|@)\s*[)\]}>]\s*|\s+at\s+)(?<label>[\p{L}\p{N}][\p{L}\p{N}\-]*)(?:(?<dot>\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\s+\.\s+|\.)(?<label>[\p{L}\p{N}][\p{L}\p{N}\-]*))+(?![\p{L}\p{N}\-]|\.[\p{L}\p{N}])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex Address();
}
