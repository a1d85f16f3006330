using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace Messaging.Core.Moderation.Detectors;

/// <summary>
/// Shouting: at least 12 letters of which more than 70% are capitals. Its filter rewrites the message in sentence
/// case, keeping the pronoun "I" and well-known acronyms; short acronyms in a normal sentence never trigger it.
/// </summary>
public sealed partial class ExcessiveCapsDetector : IRewritingDetector
{
    public const int MinLetters = 12;
    public const double MaxCapitalShare = 0.7;

    // Kept as written when shouted; words that are also ordinary English (IT, US, AM) are not in the list.
    private static readonly FrozenDictionary<string, string> Acronyms = new[]
    {
        "AWS", "GCP", "SQL", "API", "APIs", "CV", "CVs", "JD", "HR", "UK", "USA", "EU", "UI", "UX", "QA", "CEO", "CTO", "CFO", "COO",
        "VP", "PHP", "HTML", "CSS", "NET", "C#", "F#", "C++", "PDF", "SAP", "ERP", "CRM", "AI", "ML", "SRE", "iOS", "NYC", "GDPR",
    }.ToFrozenDictionary(a => a, a => a, StringComparer.OrdinalIgnoreCase);

    public string Name => ModerationDetectors.ExcessiveCaps;

    public string Reason => "Please don't write in capitals; your message was changed to sentence case.";

    public IReadOnlyList<TextSpan> Find(string text) => IsShouting(text) ? [new TextSpan(0, text.Length)] : [];

    /// <summary>Known acronyms don't count: "AWS, GCP, SQL and APIs" is not shouting.</summary>
    public static bool IsShouting(string text)
    {
        var letters = 0;
        var capitals = 0;
        foreach (var match in Word().EnumerateMatches(text))
        {
            var word = text.AsSpan(match.Index, match.Length);
            if (AcronymOf(word) is not null)
            {
                continue;
            }

            foreach (var c in word)
            {
                if (char.IsLetter(c))
                {
                    letters++;
                    capitals += char.IsUpper(c) ? 1 : 0;
                }
            }
        }

        return letters >= MinLetters && capitals > letters * MaxCapitalShare;
    }

    /// <summary>"PLEASE CALL ME ABOUT THE AWS ROLE. I AM FREE" → "Please call me about the AWS role. I am free".</summary>
    public string Rewrite(string text) => Word().Replace(text, word =>
    {
        if (AcronymOf(word.Value) is { } acronym)
        {
            return acronym;
        }

        var lower = word.Value.ToLowerInvariant();
        var isPronoun = lower == "i" || (lower.Length > 2 && lower[0] == 'i' && lower[1] is '\'' or '’');
        return isPronoun || StartsSentence(text, word.Index) ? Capitalise(lower) : lower;
    });

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> AcronymsBySpan = Acronyms.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The acronym as it is written, when <paramref name="word"/> is one (and has no lower-case letter); looked up by span, so no string per word.</summary>
    private static string? AcronymOf(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsLower(c))
            {
                return null;
            }
        }

        return AcronymsBySpan.TryGetValue(word, out var acronym) ? acronym : null;
    }

    private static bool StartsSentence(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is '.' or '!' or '?' or '\n')
            {
                return true;
            }

            if (char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Capitalise(string word)
    {
        var builder = new StringBuilder(word);
        for (var i = 0; i < builder.Length; i++)
        {
            if (char.IsLetter(builder[i]))
            {
                builder[i] = char.ToUpperInvariant(builder[i]);
                break;
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)?[#+]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Word();
}
