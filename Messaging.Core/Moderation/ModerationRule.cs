namespace Messaging.Core.Moderation;

public enum ModerationRuleKind
{
    /// <summary>A word or phrase matched on word boundaries after normalisation.</summary>
    BlockedWord = 0,
    /// <summary>A regular expression on the normalised text.</summary>
    Pattern = 1,
    /// <summary>A built-in detector (card number, SSN, phone, e-mail, off-platform handle, capitals).</summary>
    Detector = 2,
}

/// <summary>A moderation rule stored in the database and edited in the admin console.</summary>
public class ModerationRule
{
    public const int MaxNameLength = 100;
    public const int MaxPatternLength = 500;

    public Guid Id { get; set; }

    public required string Name { get; set; }

    public ModerationRuleKind Kind { get; set; }

    /// <summary>The word, the regular expression, or the detector's name, depending on <see cref="Kind"/>.</summary>
    public required string Pattern { get; set; }

    public ModerationOutcome Outcome { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedById { get; set; }
}
