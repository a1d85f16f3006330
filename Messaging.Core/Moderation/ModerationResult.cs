namespace Messaging.Core.Moderation;

/// <summary>A rule that matched a message, with the reason the sender may be shown.</summary>
public sealed record ModerationMatch(Guid RuleId, string RuleName, ModerationRuleKind Kind, ModerationOutcome Outcome, string Reason);

/// <summary>What moderation decided about a message.</summary>
/// <param name="Outcome">The most severe outcome among the matched rules; <see cref="ModerationOutcome.Allow"/> when none matched.</param>
/// <param name="Text">
/// The text to store and deliver: filtered parts hidden (or the capitals rewritten) unless the message is blocked,
/// in which case it is the original, so the sender keeps what they wrote.
/// </param>
/// <param name="Matches">The matched rules, most severe first.</param>
/// <param name="UserMessage">Why the message was blocked, for the sender; null when it was not.</param>
public sealed record ModerationResult(ModerationOutcome Outcome, string Text, IReadOnlyList<ModerationMatch> Matches, string? UserMessage)
{
    public static ModerationResult Allowed(string text) => new(ModerationOutcome.Allow, text, [], null);

    public bool IsBlocked => Outcome == ModerationOutcome.Block;
}
