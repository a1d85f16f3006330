using System.Text;
using System.Text.RegularExpressions;
using Messaging.Core.Common;
using Messaging.Core.Moderation.Detectors;

namespace Messaging.Core.Moderation;

/// <summary>A rule's pattern made ready to run: built once per pattern and shared, as it holds no state.</summary>
internal abstract class RuleMatcher
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    public abstract string Reason { get; }

    /// <summary>Set when the rule's filter rewrites the message rather than hiding the parts found.</summary>
    public virtual IRewritingDetector? Rewriter => null;

    public abstract IReadOnlyList<TextSpan> Find(string text, Func<NormalizedText> normalized);

    /// <summary>Builds the matcher for a rule's kind and pattern, or explains to the rule's author why it can't.</summary>
    public static Result<RuleMatcher> Create(ModerationRuleKind kind, string pattern) => kind switch
    {
        ModerationRuleKind.BlockedWord => BlockedWordMatcher.Create(pattern),
        ModerationRuleKind.Pattern => PatternMatcher.Create(pattern),
        ModerationRuleKind.Detector => ModerationDetectors.Find(pattern) is { } detector
            ? new DetectorMatcher(detector)
            : Error.Invalid($"There is no detector named \"{pattern.Trim()}\". Choose one of: {string.Join(", ", ModerationDetectors.Names)}."),
        _ => Error.Invalid($"Unknown rule kind {kind}."),
    };

    /// <summary>The parts of the original text behind the matches in <paramref name="view"/> (and <paramref name="other"/>); no allocation when there are none.</summary>
    protected static IReadOnlyList<TextSpan> Find(Regex regex, NormalizedView view, NormalizedView? other = null)
    {
        List<TextSpan>? spans = null;
        foreach (var v in other is null || ReferenceEquals(other, view) ? [view] : (ReadOnlySpan<NormalizedView>)[view, other])
        {
            foreach (var match in regex.EnumerateMatches(v.Value))
            {
                if (match.Length > 0)
                {
                    (spans ??= []).Add(v.ToSource(match.Index, match.Length));
                }
            }
        }

        return spans ?? (IReadOnlyList<TextSpan>)[];
    }
}

/// <summary>
/// A word or phrase on word boundaries of the marked view: every letter may be stretched ("scaaam") or stand alone in a
/// letter-spaced run ("s c a m"), i and l also match characters read as either ("1d1ot"), and common endings
/// count ("scams", "scammer"). Nothing matches inside a longer word ("scampi", "class").
/// </summary>
internal sealed class BlockedWordMatcher(Regex regex) : RuleMatcher
{
    private static readonly string[] Endings = ["s", "es", "ed", "er", "ers", "ing"];

    public override string Reason => "This message contains a blocked word.";

    public static Result<RuleMatcher> Create(string term)
    {
        var words = TextNormalizer.NormalizeTerm(term);
        if (words.Count == 0)
        {
            return Error.Invalid("A blocked word needs at least one letter or digit.");
        }

        var soft = TextNormalizer.SoftBoundary;
        var pattern = new StringBuilder(@"(?<![\p{L}\p{N}])");
        pattern.AppendJoin($"[ {soft}]?", words.Select(w => Letters(w, repeat: true)));
        // Endings may double the last consonant: "scammed", "scammer".
        var last = Letters(words[^1][^1].ToString(), repeat: false);
        pattern.Append($"(?:{soft}?(?:{last}{soft}?)?(?:").AppendJoin('|', Endings.Select(e => Letters(e, repeat: false))).Append("))?");
        pattern.Append(@"(?![\p{L}\p{N}])");
        return new BlockedWordMatcher(new Regex(pattern.ToString(), RegexOptions.CultureInvariant, MatchTimeout));
    }

    public override IReadOnlyList<TextSpan> Find(string text, Func<NormalizedText> normalized) => Find(regex, normalized().Marked);

    private static string Letters(string word, bool repeat)
    {
        // A run of equal letters compiles to one loop ("ss" → s·?s(?:·?s)*), never two loops side by side that
        // could split the same input in many ways and run into the timeout.
        var soft = TextNormalizer.SoftBoundary;
        var parts = new List<string>();
        for (var i = 0; i < word.Length;)
        {
            var run = 1;
            while (i + run < word.Length && word[i + run] == word[i])
            {
                run++;
            }

            var letter = word[i] is 'i' or 'l' ? $"[{word[i]}{CharacterFolding.AmbiguousIOrL}]" : Regex.Escape(word[i].ToString());
            var exact = string.Join($"{soft}?", Enumerable.Repeat(letter, run));
            // One letter stretched is three or more ("looooser"); doubled it is another word ("looser"), unless the
            // letters are spaced out ("s c a a m").
            parts.Add(!repeat ? exact : run == 1 ? $"{exact}(?:(?:{soft}?{letter}){{2,}}|{soft}{letter})?" : $"{exact}(?:{soft}?{letter})*");
            i += run;
        }

        return string.Join($"{soft}?", parts);
    }
}

/// <summary>
/// An administrator's regular expression, run on the normalised words and on the letter-spaced runs joined. It runs on
/// the non-backtracking engine (time linear in the text, so no pattern can be made to hang on a crafted message);
/// <see cref="Unsafe"/> says why a pattern could not, and such a pattern is refused when saved. One saved before that
/// check keeps running on the backtracking engine, under the timeout.
/// </summary>
internal sealed class PatternMatcher(Regex regex, string? unsafeReason) : RuleMatcher
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;

    public override string Reason => "This message contains wording that isn't allowed here.";

    /// <summary>Why the pattern needs the backtracking engine (a lookaround, backreference…); null when it does not.</summary>
    public string? Unsafe => unsafeReason;

    public static Result<RuleMatcher> Create(string pattern)
    {
        Regex regex;
        string? unsafeReason = null;
        try
        {
            regex = new Regex(pattern, Options | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (NotSupportedException ex)
        {
            // Lookarounds, backreferences, atomic groups, conditionals and the like: only the backtracking engine has them.
            unsafeReason = ex.Message;
            try
            {
                regex = new Regex(pattern, Options, MatchTimeout);
            }
            catch (ArgumentException invalid)
            {
                return Error.Invalid($"The pattern is not a valid regular expression: {invalid.Message}");
            }
        }
        catch (ArgumentException ex)
        {
            return Error.Invalid($"The pattern is not a valid regular expression: {ex.Message}");
        }

        if (regex.IsMatch(""))
        {
            return Error.Invalid("The pattern matches empty text, so it would match every message.");
        }

        return new PatternMatcher(regex, unsafeReason);
    }

    public override IReadOnlyList<TextSpan> Find(string text, Func<NormalizedText> normalized)
    {
        var views = normalized();
        return Find(regex, views.Words, views.Joined.Value == views.Words.Value ? null : views.Joined);
    }
}

internal sealed class DetectorMatcher(IModerationDetector detector) : RuleMatcher
{
    public override string Reason => detector.Reason;

    public override IRewritingDetector? Rewriter => detector as IRewritingDetector;

    public override IReadOnlyList<TextSpan> Find(string text, Func<NormalizedText> normalized) => detector.Find(text);
}
