using Messaging.Core.Accounts;
using Messaging.Core.Jobs;
using Messaging.Core.Messages;

namespace Messaging.Core.Conversations;

/// <summary>
/// A one-to-one conversation between a candidate and an employer, optionally about a job.
/// Read, delivered and archive state live here per participant (there are always exactly two),
/// which keeps the conversation list a single query without a join table.
/// </summary>
public class Conversation
{
    public const int MaxSubjectLength = 200;

    public Guid Id { get; set; }

    public required string CandidateId { get; set; }

    public CandidateProfile? Candidate { get; set; }

    public required string EmployerId { get; set; }

    public EmployerProfile? Employer { get; set; }

    public Guid? JobId { get; set; }

    public Job? Job { get; set; }

    public string? Subject { get; set; }

    public ConversationStatus Status { get; set; }

    /// <summary>Who blocked it (a participant or an admin); null while active.</summary>
    public string? BlockedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime LastActivityAt { get; set; }

    /// <summary>The highest message sequence assigned so far; the next message gets LastSequence + 1.</summary>
    public long LastSequence { get; set; }

    public long CandidateReadSequence { get; set; }

    public long EmployerReadSequence { get; set; }

    public long CandidateDeliveredSequence { get; set; }

    public long EmployerDeliveredSequence { get; set; }

    public DateTime? CandidateArchivedAt { get; set; }

    public DateTime? EmployerArchivedAt { get; set; }

    public List<Message> Messages { get; set; } = [];

    public bool IsParticipant(string userId) => userId == CandidateId || userId == EmployerId;

    public string OtherParticipant(string userId) => userId == CandidateId ? EmployerId : CandidateId;

    /// <summary>
    /// Moves the conversation on to a new message: LastSequence (also a concurrency token), activity, and the actor's
    /// read and delivered marks (they have seen what they sent). A new message brings an archived conversation back for both.
    /// </summary>
    public void Appended(long sequence, string actorId, DateTime at)
    {
        LastSequence = sequence;
        LastActivityAt = at;
        CandidateArchivedAt = null;
        EmployerArchivedAt = null;
        if (actorId == CandidateId)
        {
            CandidateReadSequence = CandidateDeliveredSequence = sequence;
        }
        else
        {
            EmployerReadSequence = EmployerDeliveredSequence = sequence;
        }
    }
}
