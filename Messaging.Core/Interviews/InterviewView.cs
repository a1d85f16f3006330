namespace Messaging.Core.Interviews;

/// <summary>An invitation as the two participants see it, carried by the invitation's message view.</summary>
public sealed record InterviewView(
    Guid Id,
    IReadOnlyList<DateTime> Slots,
    int DurationMinutes,
    string Location,
    bool IsLink,
    string? Note,
    InterviewStatus Status,
    int? AcceptedSlot,
    DateTime? RespondedAt,
    string? DeclineReason)
{
    public DateTime? AcceptedStart => AcceptedSlot is { } i && i < Slots.Count ? Slots[i] : null;

    // Value equality including the slots, so a view that crossed Redis as JSON equals the original.
    public bool Equals(InterviewView? other) =>
        other is not null && Id == other.Id && Slots.SequenceEqual(other.Slots) && DurationMinutes == other.DurationMinutes
        && Location == other.Location && IsLink == other.IsLink && Note == other.Note && Status == other.Status
        && AcceptedSlot == other.AcceptedSlot && RespondedAt == other.RespondedAt && DeclineReason == other.DeclineReason;

    public override int GetHashCode() => HashCode.Combine(Id, Status, AcceptedSlot, Slots.Count);

    public static InterviewView From(InterviewInvitation i) =>
        new(i.Id, i.Slots, i.DurationMinutes, i.Location, i.IsLink, i.Note, i.Status, i.AcceptedSlot,
            i.RespondedAt is { } r ? DateTime.SpecifyKind(r, DateTimeKind.Utc) : null, i.DeclineReason);
}
