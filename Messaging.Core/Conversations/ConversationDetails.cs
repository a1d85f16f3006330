namespace Messaging.Core.Conversations;

/// <summary>
/// A conversation as one participant sees it: the other side, the caller's own read and archive state, the other
/// side's receipts. The list's rows and the room both read it (<see cref="ConversationQueries"/>), so the paired
/// candidate and employer columns are chosen in one place.
/// </summary>
public sealed record ConversationDetails
{
    public required Guid Id { get; init; }

    public required string CandidateId { get; init; }

    public required string EmployerId { get; init; }

    public required string OtherUserId { get; init; }

    public required string OtherName { get; init; }

    /// <summary>The employer's company for a candidate, the candidate's headline for an employer.</summary>
    public string? OtherDetail { get; init; }

    public string? JobTitle { get; init; }

    public string? Subject { get; init; }

    public required ConversationStatus Status { get; init; }

    public required bool BlockedByMe { get; init; }

    public required bool IsArchived { get; init; }

    public required DateTime LastActivityAt { get; init; }

    public required long LastSequence { get; init; }

    public required long MyReadSequence { get; init; }

    public required long OtherReadSequence { get; init; }

    public required long OtherDeliveredSequence { get; init; }
}

/// <summary>Someone the user may start a conversation with, and (for employers) the jobs it could be about.</summary>
public sealed record Contact(string UserId, string Name, string? Detail);

public sealed record JobOption(Guid Id, string Title);
