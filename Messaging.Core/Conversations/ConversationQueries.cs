using Messaging.Core.Common;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Conversations;

/// <summary>Read side of conversations: the list with previews and unread counts, in one query.</summary>
public sealed class ConversationQueries(IMessagingDbFactory dbFactory, MessageCipher cipher)
{
    public const int PreviewLength = 120;

    /// <summary>
    /// The user's conversations, newest activity first. Unread is derived from sequences
    /// (a sender's read pointer moves with every message they send), so no per-row count query runs.
    /// </summary>
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(string userId, ConversationFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var query = db.Conversations.AsNoTracking().Where(c => c.CandidateId == userId || c.EmployerId == userId);

        query = filter.Archived
            ? query.Where(c => c.CandidateId == userId ? c.CandidateArchivedAt != null : c.EmployerArchivedAt != null)
            : query.Where(c => c.CandidateId == userId ? c.CandidateArchivedAt == null : c.EmployerArchivedAt == null);

        if (filter.UnreadOnly)
        {
            query = query.Where(c => c.LastSequence > (c.CandidateId == userId ? c.CandidateReadSequence : c.EmployerReadSequence));
        }

        if (filter.JobId is { } jobId)
        {
            query = query.Where(c => c.JobId == jobId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            // Lower-cased on both sides: LIKE is case-sensitive on PostgreSQL and not on SQLite.
            var term = $"%{EscapeLike(filter.Search.Trim().ToLowerInvariant())}%";
            query = query.Where(c =>
                EF.Functions.Like((c.CandidateId == userId ? c.Employer!.DisplayName : c.Candidate!.DisplayName).ToLower(), term, "\\")
                || (c.CandidateId == userId && EF.Functions.Like(c.Employer!.CompanyName.ToLower(), term, "\\"))
                || (c.EmployerId == userId && c.Candidate!.Headline != null && EF.Functions.Like(c.Candidate.Headline.ToLower(), term, "\\"))
                || (c.Job != null && EF.Functions.Like(c.Job.Title.ToLower(), term, "\\"))
                || (c.Subject != null && EF.Functions.Like(c.Subject.ToLower(), term, "\\")));
        }

        // The last message is found by a left join on the unique (ConversationId, Sequence) index: one index
        // seek per row. (A correlated FirstOrDefault made EF rank every message of the table first.)
        var rows = await (
            from c in query
            join m in db.Messages on new { ConversationId = c.Id, Sequence = c.LastSequence } equals new { m.ConversationId, m.Sequence } into lastMessage
            from last in lastMessage.DefaultIfEmpty()
            orderby c.LastActivityAt descending
            select new
            {
                c.Id,
                c.CandidateId,
                c.EmployerId,
                CandidateName = c.Candidate!.DisplayName,
                c.Candidate.Headline,
                EmployerName = c.Employer!.DisplayName,
                c.Employer.CompanyName,
                JobTitle = c.Job != null ? c.Job.Title : null,
                c.Subject,
                c.Status,
                Archived = c.CandidateId == userId ? c.CandidateArchivedAt != null : c.EmployerArchivedAt != null,
                ReadSequence = c.CandidateId == userId ? c.CandidateReadSequence : c.EmployerReadSequence,
                c.LastActivityAt,
                c.LastSequence,
                Last = last == null ? null : new { last.Id, last.BodyCiphertext, last.SenderId, last.DeletedAt, last.RemovedAt, last.Type },
            })
            .ToListAsync(cancellationToken);

        return rows.Select(r =>
        {
            var iAmCandidate = r.CandidateId == userId;
            return new ConversationSummary(
                r.Id,
                iAmCandidate ? r.EmployerId : r.CandidateId,
                iAmCandidate ? r.EmployerName : r.CandidateName,
                iAmCandidate ? r.CompanyName : r.Headline,
                r.JobTitle,
                r.Subject,
                r.Status,
                r.Archived,
                r.Last is null ? null : PreviewOf(r.Id, r.Last.Id, r.Last.BodyCiphertext, r.Last.DeletedAt, r.Last.RemovedAt),
                r.Last?.SenderId,
                r.LastActivityAt,
                r.LastSequence,
                Math.Max(0, r.LastSequence - r.ReadSequence));
        }).ToList();
    }

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
