using Messaging.Core.Common;

namespace Messaging.Core.Interviews;

public static class InterviewErrors
{
    public static Error NotFound { get; } = Error.NotFound("The interview invitation");

    public static Error EmployersOnly { get; } = Error.Forbidden("Only the employer in this conversation can send interview invitations.");

    public static Error CandidateOnly { get; } = Error.Forbidden("Only the invited candidate can answer this invitation.");

    public static Error AlreadyAnswered { get; } = new(ErrorCode.Conflict, "This invitation has already been answered.");

    public static Error SlotCount { get; } = Error.Invalid($"Propose between 1 and {InterviewInvitation.MaxSlots} times.");

    public static Error SlotInPast { get; } = Error.Invalid("Proposed times must be in the future.");

    public static Error SlotsRepeat { get; } = Error.Invalid("Each proposed time must be different.");

    public static Error NoSuchSlot { get; } = Error.Invalid("Choose one of the proposed times.");

    public static Error SlotPassed { get; } = Error.Invalid("That time has already passed.");

    public static Error Duration { get; } = Error.Invalid(
        $"The duration must be between {InterviewInvitation.MinDurationMinutes} and {InterviewInvitation.MaxDurationMinutes} minutes.");

    public static Error LocationRequired { get; } = Error.Invalid("Give a place or a link for the interview.");

    public static Error BadLink { get; } = Error.Invalid("A link must be a full http:// or https:// address.");

    public static Error TooLong(string what, int max) => new(ErrorCode.TooLong, $"The {what} can be at most {max:N0} characters.");
}
