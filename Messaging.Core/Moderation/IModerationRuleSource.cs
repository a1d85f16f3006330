namespace Messaging.Core.Moderation;

/// <summary>Where moderation gets its enabled rules from.</summary>
public interface IModerationRuleSource
{
    /// <summary>The enabled rules.</summary>
    ValueTask<IReadOnlyList<ModerationRule>> GetRulesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets the rules, so the next use reads them again. Called after a rule is edited, and (with several
    /// instances) when another instance reports an edit.
    /// </summary>
    Task InvalidateAsync(CancellationToken cancellationToken = default);
}
