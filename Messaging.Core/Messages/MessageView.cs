using Messaging.Core.Attachments;
using Messaging.Core.Encryption;
using Messaging.Core.Moderation;

namespace Messaging.Core.Messages;

/// <summary>A message as participants see it: deleted and removed bodies are never sent to clients.</summary>
public sealed record MessageView(
    Guid Id,
    Guid ConversationId,
    long Sequence,
    string? SenderId,
    Guid ClientMessageId,
    MessageType Type,
    string? Body,
    DateTime CreatedAt,
    DateTime? EditedAt,
    bool IsDeleted,
    bool IsRemoved,
    Guid? ReplyToId,
    ModerationOutcome Moderation)
{
    /// <summary>Reactions by emoji, in the order of <see cref="AllowedReactions.All"/>.</summary>
    public IReadOnlyList<ReactionSummary> Reactions { get; init; } = [];

    /// <summary>The message this one answers, when it is a reply.</summary>
    public ReplyPreview? ReplyTo { get; init; }

    /// <summary>How many replies answer this message (its thread).</summary>
    public int ReplyCount { get; init; }

    /// <summary>Files sent with the message (empty once it is deleted or removed).</summary>
    public IReadOnlyList<AttachmentView> Attachments { get; init; } = [];
    /// <summary>The invitation, for a message of type <see cref="MessageType.InterviewInvite"/>.</summary>
    public Interviews.InterviewView? Interview { get; init; }

    // Value equality including the reactions list, so a view that crossed Redis as JSON equals the original.
    public bool Equals(MessageView? other) =>
        other is not null && Id == other.Id && ConversationId == other.ConversationId && Sequence == other.Sequence
        && SenderId == other.SenderId && ClientMessageId == other.ClientMessageId && Type == other.Type && Body == other.Body
        && CreatedAt == other.CreatedAt && EditedAt == other.EditedAt && IsDeleted == other.IsDeleted && IsRemoved == other.IsRemoved
        && ReplyToId == other.ReplyToId && Moderation == other.Moderation && Reactions.SequenceEqual(other.Reactions)
        && Equals(ReplyTo, other.ReplyTo) && ReplyCount == other.ReplyCount && Attachments.SequenceEqual(other.Attachments)
        && Equals(Interview, other.Interview);

    public override int GetHashCode() => HashCode.Combine(Id, Sequence, Body, EditedAt, IsDeleted, IsRemoved, ReplyCount, Reactions.Count);

    /// <summary>The view of a stored message, its body decrypted only when participants may see it.</summary>
    public static MessageView From(Message m, MessageCipher cipher) =>
        From(m, m.DeletedAt is null && m.RemovedAt is null ? cipher.OpenBody(m) : null);

    /// <summary>The view of a message whose shown text is already at hand (just sent).</summary>
    public static MessageView From(Message m, string? body) => new(
        m.Id, m.ConversationId, m.Sequence, m.SenderId, m.ClientMessageId, m.Type,
        m.DeletedAt is null && m.RemovedAt is null ? body : null,
        m.CreatedAt, m.EditedAt, m.DeletedAt is not null, m.RemovedAt is not null, m.ReplyToId, m.Moderation);
}
