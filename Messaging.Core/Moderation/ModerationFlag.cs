namespace Messaging.Core.Moderation;

public enum FlagSource
{
    Rule = 0,
    UserReport = 1,
}

public enum FlagReason
{
    Harassment = 0,
    Scam = 1,
    Spam = 2,
    PersonalInfo = 3,
    Other = 4,
    BlockedContent = 5,
}

public enum FlagStatus
{
    Open = 0,
    Dismissed = 1,
    ActionTaken = 2,
}

/// <summary>An item in the admin flag queue: raised by a rule or reported by a participant.</summary>
public class ModerationFlag
{
    public const int MaxDetailsLength = 1000;

    public Guid Id { get; set; }

    public Guid ConversationId { get; set; }

    /// <summary>Null when a whole conversation was reported.</summary>
    public Guid? MessageId { get; set; }

    public FlagSource Source { get; set; }

    public FlagReason Reason { get; set; }

    /// <summary>The reporting user for reports; null for rule flags.</summary>
    public string? ReporterId { get; set; }

    public Guid? RuleId { get; set; }

    public string? Details { get; set; }

    public FlagStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    public string? ResolvedById { get; set; }

    public string? Resolution { get; set; }

    /// <summary>The flag for the admin queue when rules flagged a message (stored in the message's transaction).</summary>
    public static ModerationFlag ForRules(Guid conversationId, Guid messageId, ModerationResult verdict, DateTime now)
    {
        var flagging = verdict.Matches.Where(m => m.Outcome == ModerationOutcome.Flag).ToList();
        var details = string.Join(" ", flagging.Select(m => $"{m.RuleName}: {m.Reason}").Distinct());
        return new ModerationFlag
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversationId,
            MessageId = messageId,
            Source = FlagSource.Rule,
            Reason = flagging.Any(m => m.Kind == ModerationRuleKind.Detector) ? FlagReason.PersonalInfo : FlagReason.BlockedContent,
            RuleId = flagging.FirstOrDefault()?.RuleId,
            Details = details.Length <= MaxDetailsLength ? details : details[..MaxDetailsLength],
            Status = FlagStatus.Open,
            CreatedAt = now,
        };
    }
}
