using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Messaging.Core.Common;
using Messaging.Core.Moderation.Detectors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Core.Moderation;

/// <summary>
/// Runs moderation rules over a message. Pure: the rules come from the caller, nothing is stored. Built matchers
/// are shared by all engines, keyed by kind and pattern, so editing a rule's outcome or name costs nothing.
/// </summary>
public sealed class ModerationEngine(ILogger<ModerationEngine> logger)
{
    /// <summary>What filtered parts of a message are replaced with.</summary>
    public const string Mask = "•••";

    /// <summary>Why a message was held back when a rule could not finish checking it in time.</summary>
    public const string TimedOutReason = "This message couldn't be checked by moderation in time, so it wasn't sent. Try shorter or simpler wording.";

    private const int MaxCachedMatchers = 2000;

    private static readonly ConcurrentDictionary<(ModerationRuleKind Kind, string Pattern), Result<RuleMatcher>> Matchers = new();

    public ModerationEngine()
        : this(NullLogger<ModerationEngine>.Instance)
    {
    }

    public ModerationResult Evaluate(string text, IReadOnlyList<ModerationRule> rules)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ModerationResult.Allowed(text ?? "");
        }

        // Normalised once, and only if a rule asks; one delegate for all rules.
        NormalizedText? normalized = null;
        Func<NormalizedText> normalizedText = () => normalized ??= TextNormalizer.Normalize(text);

        var matches = new List<ModerationMatch>();
        var hidden = new List<TextSpan>();
        var rewriters = new List<IRewritingDetector>();
        foreach (var rule in rules)
        {
            if (!rule.Enabled || GetMatcher(rule) is not { } matcher)
            {
                continue;
            }

            IReadOnlyList<TextSpan> spans;
            try
            {
                spans = matcher.Find(text, normalizedText);
            }
            catch (RegexMatchTimeoutException)
            {
                // Fails closed: a rule that can't finish might have matched. A blocking rule blocks; any other is
                // flagged for review (its filter can't hide what it did not find).
                logger.LogWarning("Moderation rule {RuleId} ({RuleName}) timed out; the message is held back by its outcome", rule.Id, rule.Name);
                var heldAs = rule.Outcome == ModerationOutcome.Block ? ModerationOutcome.Block : ModerationOutcome.Flag;
                matches.Add(new ModerationMatch(rule.Id, rule.Name, rule.Kind, heldAs, TimedOutReason));
                continue;
            }

            if (spans.Count == 0)
            {
                continue;
            }

            matches.Add(new ModerationMatch(rule.Id, rule.Name, rule.Kind, rule.Outcome, matcher.Reason));
            if (rule.Outcome == ModerationOutcome.Filter)
            {
                if (matcher.Rewriter is { } rewriter)
                {
                    rewriters.Add(rewriter);
                }
                else
                {
                    hidden.AddRange(spans);
                }
            }
        }

        if (matches.Count == 0)
        {
            return ModerationResult.Allowed(text);
        }

        var ordered = matches.OrderByDescending(m => m.Outcome).ToList();
        var outcome = ordered[0].Outcome;
        return outcome == ModerationOutcome.Block
            ? new ModerationResult(outcome, text, ordered, ordered[0].Reason)
            : new ModerationResult(outcome, ApplyFilters(text, hidden, rewriters), ordered, null);
    }

    /// <summary>Checks a rule before it is saved; null when it is fine, otherwise what the rule's author should fix.</summary>
    public static Error? Validate(ModerationRule rule)
    {
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            return Error.Invalid("Give the rule a name.");
        }

        if (rule.Name.Length > ModerationRule.MaxNameLength)
        {
            return Error.Invalid($"A rule's name can be at most {ModerationRule.MaxNameLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(rule.Pattern))
        {
            return Error.Invalid(rule.Kind switch
            {
                ModerationRuleKind.BlockedWord => "Enter the word or phrase to block.",
                ModerationRuleKind.Pattern => "Enter a regular expression.",
                _ => $"Choose a detector: {string.Join(", ", ModerationDetectors.Names)}.",
            });
        }

        if (rule.Pattern.Length > ModerationRule.MaxPatternLength)
        {
            return Error.Invalid($"A rule's pattern can be at most {ModerationRule.MaxPatternLength} characters.");
        }

        if (!Enum.IsDefined(rule.Outcome))
        {
            return Error.Invalid("Choose what happens to a matching message.");
        }

        var matcher = RuleMatcher.Create(rule.Kind, rule.Pattern);
        if (matcher.IsSuccess && matcher.Value is PatternMatcher { Unsafe: { } reason })
        {
            return Error.Invalid("This pattern can't be checked safely: it needs a lookaround, backreference, atomic group " +
                $"or conditional, which can make a crafted message take too long. Rewrite it without them. ({reason})");
        }

        return matcher.IsSuccess ? null : matcher.Error;
    }

    private RuleMatcher? GetMatcher(ModerationRule rule)
    {
        var key = (rule.Kind, rule.Pattern);
        if (!Matchers.TryGetValue(key, out var matcher))
        {
            if (Matchers.Count >= MaxCachedMatchers)
            {
                Matchers.Clear();
            }

            matcher = Matchers.GetOrAdd(key, k => RuleMatcher.Create(k.Kind, k.Pattern));
            if (!matcher.IsSuccess)
            {
                logger.LogWarning("Moderation rule {RuleId} ({RuleName}) is invalid and is ignored: {Error}", rule.Id, rule.Name, matcher.Error!.Message);
            }
        }

        return matcher.IsSuccess ? matcher.Value : null;
    }

    private static string ApplyFilters(string text, List<TextSpan> hidden, List<IRewritingDetector> rewriters)
    {
        var filtered = text;
        if (hidden.Count > 0)
        {
            var builder = new StringBuilder(text.Length);
            var position = 0;
            foreach (var span in TextSpan.Merge(hidden))
            {
                builder.Append(text, position, span.Start - position).Append(Mask);
                position = span.End;
            }

            filtered = builder.Append(text, position, text.Length - position).ToString();
        }

        foreach (var rewriter in rewriters.Distinct())
        {
            filtered = rewriter.Rewrite(filtered);
        }

        return filtered;
    }
}
