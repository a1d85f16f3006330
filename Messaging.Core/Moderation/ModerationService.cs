using Microsoft.Extensions.Logging;

namespace Messaging.Core.Moderation;

/// <summary>Checks a message against the current rules.</summary>
public sealed class ModerationService(IModerationRuleSource rules, ModerationEngine engine, ILogger<ModerationService> logger)
{
    public async Task<ModerationResult> CheckAsync(string text, CancellationToken cancellationToken = default)
    {
        var result = engine.Evaluate(text, await rules.GetRulesAsync(cancellationToken));
        if (result.Outcome != ModerationOutcome.Allow)
        {
            // Rule ids only: message bodies never go to the log.
            logger.LogInformation("Moderation outcome {Outcome} from rules {RuleIds}", result.Outcome, result.Matches.Select(m => m.RuleId));
        }

        return result;
    }
}
