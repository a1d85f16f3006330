using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Messages;

/// <summary>Reads a conversation's history by sequence: pages going back, and catch-up going forward.</summary>
public sealed class MessageQueries(IMessagingDbFactory dbFactory, ConversationAccess access, MessageCipher cipher)
{
    public const int MaxPageSize = 200;

    /// <summary>Up to <paramref name="limit"/> messages before <paramref name="beforeSequence"/> (null: the newest), oldest first.</summary>
    public async Task<Result<IReadOnlyList<MessageView>>> HistoryAsync(string userId, Guid conversationId, long? beforeSequence, int limit, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        limit = Math.Clamp(limit, 1, MaxPageSize);
        var before = beforeSequence ?? long.MaxValue;
        await using var db = dbFactory.Create();
        var page = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Sequence < before)
            .OrderByDescending(m => m.Sequence)
            .Take(limit)
            .ToListAsync(cancellationToken);
        page.Reverse();
        return await MessageViews.BuildAsync(db, cipher, page, cancellationToken);
    }

    /// <summary>Messages after <paramref name="afterSequence"/>, oldest first: what a client missed while away.</summary>
    public async Task<Result<IReadOnlyList<MessageView>>> SinceAsync(string userId, Guid conversationId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        limit = Math.Clamp(limit, 1, MaxPageSize);
        await using var db = dbFactory.Create();
        var page = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Sequence > afterSequence)
            .OrderBy(m => m.Sequence)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return await MessageViews.BuildAsync(db, cipher, page, cancellationToken);
    }

    /// <summary>The replies to a message (its thread), oldest first.</summary>
    public async Task<Result<IReadOnlyList<MessageView>>> RepliesAsync(string userId, Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var conversationId = await db.Messages.AsNoTracking().Where(m => m.Id == messageId).Select(m => (Guid?)m.ConversationId).FirstOrDefaultAsync(cancellationToken);
        if (conversationId is null)
        {
            return Error.NotFound("The message");
        }

        var allowed = await access.RequireParticipantAsync(userId, conversationId.Value, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return Error.NotFound("The message");
        }

        var replies = await db.Messages.AsNoTracking()
            .Where(m => m.ReplyToId == messageId)
            .OrderBy(m => m.Sequence)
            .Take(MaxPageSize)
            .ToListAsync(cancellationToken);
        return await MessageViews.BuildAsync(db, cipher, replies, cancellationToken);
    }
}
