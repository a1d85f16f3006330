namespace Messaging.Core.Interviews;

public enum InterviewStatus
{
    Pending = 0,
    Accepted = 1,
    Declined = 2,
    Cancelled = 3,
}

/// <summary>
/// An employer's invitation to an interview, shown in the conversation as the message <see cref="MessageId"/>.
/// Up to three proposed start times (UTC) in fixed columns, so every provider stores them the same way.
/// </summary>
public class InterviewInvitation
{
    public const int MaxSlots = 3;
    public const int MaxLocationLength = 500;
    public const int MaxNoteLength = 1000;
    public const int MaxReasonLength = 500;
    public const int MinDurationMinutes = 5;
    public const int MaxDurationMinutes = 480;

    public Guid Id { get; set; }

    public Guid ConversationId { get; set; }

    public Guid MessageId { get; set; }

    public required string EmployerId { get; set; }

    public DateTime Slot1 { get; set; }

    public DateTime? Slot2 { get; set; }

    public DateTime? Slot3 { get; set; }

    public int DurationMinutes { get; set; }

    /// <summary>An address or an http(s) link for a video call.</summary>
    public required string Location { get; set; }

    public string? Note { get; set; }

    public InterviewStatus Status { get; set; }

    /// <summary>Index (0-based) into <see cref="Slots"/> of the time the candidate accepted.</summary>
    public int? AcceptedSlot { get; set; }

    public string? DeclineReason { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? RespondedAt { get; set; }

    public IReadOnlyList<DateTime> Slots =>
        new[] { (DateTime?)Slot1, Slot2, Slot3 }.Where(s => s is not null).Select(s => DateTime.SpecifyKind(s!.Value, DateTimeKind.Utc)).ToList();

    public DateTime? AcceptedStart => AcceptedSlot is { } i && i < Slots.Count ? Slots[i] : null;

    public bool IsLink => Uri.TryCreate(Location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
