namespace Messaging.Core.Conversations;

/// <summary>What the chat room shows about a conversation, seen from one participant's side.</summary>
public sealed record ConversationDetails(
    Guid Id,
    string CandidateId,
    string EmployerId,
    string OtherUserId,
    string OtherName,
    string? OtherDetail,
    string? JobTitle,
    string? Subject,
    ConversationStatus Status,
    bool BlockedByMe,
    bool IsArchived,
    long LastSequence,
    long MyReadSequence,
    long OtherReadSequence,
    long OtherDeliveredSequence);

/// <summary>Someone the user may start a conversation with, and (for employers) the jobs it could be about.</summary>
public sealed record Contact(string UserId, string Name, string? Detail);

public sealed record JobOption(Guid Id, string Title);
