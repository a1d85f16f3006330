using Messaging.Core.Common;
using Messaging.Core.Encryption;
using Messaging.Core.Moderation;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Admin;

public enum FlagSort
{
    Newest,
    Oldest,
    Reason,
    Status,
}

/// <summary>What the admin flag queue asks for: filters, sort and page.</summary>
public sealed record FlagQueueQuery(
    FlagReason? Reason = null,
    FlagStatus? Status = FlagStatus.Open,
    DateTime? From = null,
    DateTime? To = null,
    FlagSort Sort = FlagSort.Newest,
    int Page = 0,
    int PageSize = 25);

public sealed record FlagQueueItem(
    Guid Id,
    DateTime CreatedAt,
    FlagSource Source,
    FlagReason Reason,
    FlagStatus Status,
    Guid ConversationId,
    Guid? MessageId,
    string? MessagePreview,
    string? SenderId,
    string? ReporterId,
    string? Details);

public sealed record FlagQueuePage(IReadOnlyList<FlagQueueItem> Items, int Total);

/// <summary>The admin flag queue: one filtered, sorted page at a time, counted in the same round.</summary>
public sealed class FlagQueue(IMessagingDbFactory dbFactory, MessageCipher cipher)
{
    public async Task<FlagQueuePage> GetAsync(FlagQueueQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var flags = db.ModerationFlags.AsNoTracking();
        if (query.Reason is { } reason)
        {
            flags = flags.Where(f => f.Reason == reason);
        }

        if (query.Status is { } status)
        {
            flags = flags.Where(f => f.Status == status);
        }

        if (query.From is { } from)
        {
            flags = flags.Where(f => f.CreatedAt >= from);
        }

        if (query.To is { } to)
        {
            flags = flags.Where(f => f.CreatedAt < to);
        }

        var total = await flags.CountAsync(cancellationToken);
        flags = query.Sort switch
        {
            FlagSort.Oldest => flags.OrderBy(f => f.CreatedAt),
            FlagSort.Reason => flags.OrderBy(f => f.Reason).ThenByDescending(f => f.CreatedAt),
            FlagSort.Status => flags.OrderBy(f => f.Status).ThenByDescending(f => f.CreatedAt),
            _ => flags.OrderByDescending(f => f.CreatedAt),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var rows = await flags
            .Skip(Math.Max(0, query.Page) * pageSize)
            .Take(pageSize)
            .Select(f => new
            {
                Flag = f,
                Message = db.Messages.Where(m => m.Id == f.MessageId).Select(m => new { m.Id, m.ConversationId, m.BodyCiphertext, m.OriginalCiphertext, m.SenderId }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return new FlagQueuePage(
            rows.Select(r => new FlagQueueItem(
                r.Flag.Id, r.Flag.CreatedAt, r.Flag.Source, r.Flag.Reason, r.Flag.Status, r.Flag.ConversationId, r.Flag.MessageId,
                r.Message is null ? null : Conversations.ConversationQueries.Preview(AdminText(r.Message.ConversationId, r.Message.Id, r.Message.BodyCiphertext, r.Message.OriginalCiphertext), null, null),
                r.Message?.SenderId, r.Flag.ReporterId, r.Flag.Details)).ToList(),
            total);
    }

    /// <summary>What the sender wrote: the original when moderation filtered it, else the shown text.</summary>
    private string? AdminText(Guid conversationId, Guid messageId, byte[]? body, byte[]? original) =>
        original is not null
            ? cipher.Decrypt(original, conversationId, messageId, CipherField.Original)
            : cipher.Decrypt(body, conversationId, messageId, CipherField.Body);

    public async Task<int> OpenCountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        return await db.ModerationFlags.CountAsync(f => f.Status == FlagStatus.Open, cancellationToken);
    }
}
