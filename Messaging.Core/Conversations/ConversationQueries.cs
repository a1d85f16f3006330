using Messaging.Core.Common;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Conversations;

/// <summary>Read side of conversations: one conversation as a participant sees it, and the list with previews and unread counts, in one query.</summary>
public sealed class ConversationQueries(IMessagingDbFactory dbFactory, ConversationAccess access, MessageCipher cipher)
{
    public const int PreviewLength = 120;

    /// <summary>What the chat room shows about a conversation, for a participant; anyone else gets the not-a-participant answer.</summary>
    public async Task<Result<ConversationDetails>> GetAsync(string userId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        await using var db = dbFactory.Create();
        return await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).Select(SeenBy(userId)).FirstAsync(cancellationToken);
    }

    /// <summary>
    /// The user's conversations, newest activity first. Unread is derived from sequences
    /// (a sender's read pointer moves with every message they send), so no per-row count query runs.
    /// </summary>
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(string userId, ConversationFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var mine = db.Conversations.AsNoTracking().Where(c => c.CandidateId == userId || c.EmployerId == userId);
        if (filter.JobId is { } jobId)
        {
            mine = mine.Where(c => c.JobId == jobId);
        }

        var sides = mine.Select(SeenBy(userId)).Where(s => s.IsArchived == filter.Archived);
        if (filter.UnreadOnly)
        {
            sides = sides.Where(s => s.LastSequence > s.MyReadSequence);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            // Lower-cased on both sides: LIKE is case-sensitive on PostgreSQL and not on SQLite.
            var term = $"%{EscapeLike(filter.Search.Trim().ToLowerInvariant())}%";
            sides = sides.Where(s =>
                EF.Functions.Like(s.OtherName.ToLower(), term, "\\")
                || (s.OtherDetail != null && EF.Functions.Like(s.OtherDetail.ToLower(), term, "\\"))
                || (s.JobTitle != null && EF.Functions.Like(s.JobTitle.ToLower(), term, "\\"))
                || (s.Subject != null && EF.Functions.Like(s.Subject.ToLower(), term, "\\")));
        }

        // The last message is found by a left join on the unique (ConversationId, Sequence) index: one index
        // seek per row. (A correlated FirstOrDefault made EF rank every message of the table first.)
        var rows = await (
            from s in sides
            join m in db.Messages on new { ConversationId = s.Id, Sequence = s.LastSequence } equals new { m.ConversationId, m.Sequence } into lastMessage
            from last in lastMessage.DefaultIfEmpty()
            orderby s.LastActivityAt descending
            select new { Side = s, Last = last == null ? null : new { last.Id, last.BodyCiphertext, last.SenderId, last.DeletedAt, last.RemovedAt } })
            .ToListAsync(cancellationToken);

        return rows.Select(r => new ConversationSummary(
            r.Side.Id,
            r.Side.OtherUserId,
            r.Side.OtherName,
            r.Side.OtherDetail,
            r.Side.JobTitle,
            r.Side.Subject,
            r.Side.Status,
            r.Side.IsArchived,
            r.Last is null ? null : PreviewOf(r.Side.Id, r.Last.Id, r.Last.BodyCiphertext, r.Last.DeletedAt, r.Last.RemovedAt),
            r.Last?.SenderId,
            r.Side.LastActivityAt,
            r.Side.LastSequence,
            Math.Max(0, r.Side.LastSequence - r.Side.MyReadSequence))).ToList();
    }

    /// <summary>The one place where the candidate's and the employer's columns are told apart: the conversation as <paramref name="userId"/> sees it.</summary>
    private static Expression<Func<Conversation, ConversationDetails>> SeenBy(string userId) => c => new ConversationDetails
    {
        Id = c.Id,
        CandidateId = c.CandidateId,
        EmployerId = c.EmployerId,
        OtherUserId = c.CandidateId == userId ? c.EmployerId : c.CandidateId,
        OtherName = c.CandidateId == userId ? c.Employer!.DisplayName : c.Candidate!.DisplayName,
        OtherDetail = c.CandidateId == userId ? c.Employer!.CompanyName : c.Candidate!.Headline,
        JobTitle = c.Job != null ? c.Job.Title : null,
        Subject = c.Subject,
        Status = c.Status,
        BlockedByMe = c.BlockedById == userId,
        IsArchived = c.CandidateId == userId ? c.CandidateArchivedAt != null : c.EmployerArchivedAt != null,
        LastActivityAt = c.LastActivityAt,
        LastSequence = c.LastSequence,
        MyReadSequence = c.CandidateId == userId ? c.CandidateReadSequence : c.EmployerReadSequence,
        OtherReadSequence = c.CandidateId == userId ? c.EmployerReadSequence : c.CandidateReadSequence,
        OtherDeliveredSequence = c.CandidateId == userId ? c.EmployerDeliveredSequence : c.CandidateDeliveredSequence,
    };

    /// <summary>Decrypts only what is shown: deleted and removed messages keep their placeholder text.</summary>
    private string PreviewOf(Guid conversationId, Guid messageId, byte[]? ciphertext, DateTime? deletedAt, DateTime? removedAt) =>
        Preview(deletedAt is null && removedAt is null ? cipher.Decrypt(ciphertext, conversationId, messageId, CipherField.Body) : null, deletedAt, removedAt);

    public static string Preview(string? body, DateTime? deletedAt, DateTime? removedAt)
    {
        if (removedAt is not null)
        {
            return "Message removed by a moderator";
        }

        if (deletedAt is not null || body is null)
        {
            return "Message deleted";
        }

        var flat = body.ReplaceLineEndings(" ");
        return flat.Length <= PreviewLength ? flat : string.Concat(flat.AsSpan(0, PreviewLength - 1), "…");
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
