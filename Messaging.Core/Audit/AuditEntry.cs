namespace Messaging.Core.Audit;

/// <summary>Who did what to what, when and why: every admin action and every admin read of a conversation.</summary>
public class AuditEntry
{
    public const int MaxActionLength = 64;
    public const int MaxReasonLength = 1000;

    public long Id { get; set; }

    public required string ActorId { get; set; }

    public required string Action { get; set; }

    public required string TargetType { get; set; }

    public required string TargetId { get; set; }

    public string? Reason { get; set; }

    public DateTime CreatedAt { get; set; }
}
