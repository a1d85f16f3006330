using System.Diagnostics;
using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Messages;

/// <summary>A message as a batch stored it (or found it stored): <see cref="IsNew"/> when nobody has broadcast it yet.</summary>
internal sealed record StoredMessage(MessageView View, ConversationRef Conversation, bool IsNew);

/// <summary>
/// One transaction of the writer: takes each message's sequence number in order, adds its flag and files, moves its
/// conversation on, and commits. An exception means nothing of it was stored.
/// </summary>
/// <remarks>
/// The per-conversation sequence stays gap-free across instances because LastSequence is a concurrency token and
/// (sequence, conversation) a unique index: a batch that raced another instance fails as a whole, and its messages
/// are then written one by one with <c>retried</c>, which locks their conversation first and finds a client id
/// that is already stored.
/// </remarks>
internal sealed partial class MessageBatch(IMessagingDbFactory dbFactory, MessageCipher cipher, TimeProvider time, ILogger<MessageBatch> logger)
{
    /// <summary>A commit slower than this is logged with where its time went (every sender in it waited as long).</summary>
    private static readonly TimeSpan SlowCommit = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Does a commit's work for one message in an existing conversation, then rolls it back. A cold server took about
    /// half a second for its first commits (EF's update and insert paths and the queries compiled on first use) and
    /// built a backlog under load before its first answer; warmed before it takes traffic, it does not.
    /// </summary>
    public async Task WarmUpAsync(Func<MessageDraft, PendingWrite> seal, CancellationToken cancellationToken)
    {
        Guid conversationId;
        string actorId;
        await using (var db = dbFactory.Create())
        {
            var any = await db.Conversations.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.CandidateId }).FirstOrDefaultAsync(cancellationToken);
            if (any is null)
            {
                return;
            }

            (conversationId, actorId) = (any.Id, any.CandidateId);
        }

        var started = Stopwatch.GetTimestamp();
        await CommitAsync([seal(MessageDraft.ForText(actorId, conversationId, Guid.NewGuid(), "warm-up"))], retried: false, commit: false);
        LogWarmedUp(logger, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task<Result<StoredMessage>[]> CommitAsync(IReadOnlyList<PendingWrite> batch, bool retried) => CommitAsync(batch, retried, commit: true);

    private async Task<Result<StoredMessage>[]> CommitAsync(IReadOnlyList<PendingWrite> batch, bool retried, bool commit)
    {
        var results = new Result<StoredMessage>?[batch.Count];
        var marks = new CommitMarks(Stopwatch.GetTimestamp());
        await using var db = dbFactory.Create();
        await using var transaction = await db.Database.BeginTransactionAsync();
        marks.Begun = Stopwatch.GetTimestamp();

        var ids = batch.Select(p => p.Draft.ConversationId).Distinct().ToList();
        if (retried)
        {
            // A retry locks its conversation rows first (a no-op UPDATE), so that writers on other instances take
            // turns instead of conflicting again; then it finds a client id an earlier attempt or a racing send stored.
            // A first attempt does neither: within an instance the writer is the only one adding messages, and locking
            // some 250 rows per commit cost PostgreSQL ~40 ms. (SQLite holds its write lock from the start anyway.)
            await db.Conversations.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSequence, c => c.LastSequence));
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = await FindStoredAsync(db, batch[i].Draft);
            }
        }

        // Read, not tracked: they are moved on in one statement (AdvanceConversationsAsync), not through SaveChanges.
        var conversations = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id);
        var advances = new Dictionary<Guid, ConversationAdvance>();
        marks.Read = Stopwatch.GetTimestamp();

        var now = time.GetUtcNow().UtcDateTime;
        var added = new List<(int Index, Message Message, Conversation Conversation)>(batch.Count);
        var firstByClientId = new Dictionary<(string, Guid), int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var draft = batch[i].Draft;
            if (results[i] is not null || (draft.SenderId is { } sender && !firstByClientId.TryAdd((sender, draft.ClientMessageId), i)))
            {
                continue; // stored already, or the same send twice in one batch (a quick retry): answered with the first below
            }

            // Checked before the send too; checked again here, where it holds (a block may have come in between).
            if (!conversations.TryGetValue(draft.ConversationId, out var conversation) || !conversation.IsParticipant(draft.ActorId))
            {
                results[i] = Error.NotParticipant();
                continue;
            }

            if (conversation.Status == ConversationStatus.Blocked)
            {
                results[i] = MessageErrors.ConversationBlocked;
                continue;
            }

            var message = Append(db, conversation, batch[i], now, advances);
            if (draft.Related is not null && await draft.Related(db, message) is { } refused)
            {
                return [refused];
            }

            added.Add((i, message, conversation));
        }

        // Messages go in as multi-row INSERTs, conversations move on in a few set-based UPDATEs (each checked against the
        // sequence it was read at), and flags, files and related rows go through SaveChanges, after them.
        marks.Appended = Stopwatch.GetTimestamp();
        await db.InsertRowsAsync(added.Select(a => a.Message).ToList());
        marks.Inserted = Stopwatch.GetTimestamp();
        await db.AdvanceConversationsAsync([.. advances.Values]);
        await db.SaveChangesAsync();
        marks.Saved = Stopwatch.GetTimestamp();
        if (!commit)
        {
            await transaction.RollbackAsync();
            return [];
        }

        await transaction.CommitAsync();
        LogIfSlow(marks, added.Count, conversations.Count);

        foreach (var (index, message, conversation) in added)
        {
            results[index] = new StoredMessage(batch[index].ViewOf(message), Reference(conversation), IsNew: true);
            LogStored(logger, message.Id, message.Sequence, conversation.Id);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is null && batch[i].Draft.SenderId is { } sender)
            {
                var first = results[firstByClientId[(sender, batch[i].Draft.ClientMessageId)]]!.Value;
                results[i] = !first.IsSuccess ? first
                    : first.Value.View.ConversationId == batch[i].Draft.ConversationId ? first.Value with { IsNew = false }
                    : MessageErrors.ClientIdReused;
            }
        }

        return [.. results.Select(r => r!.Value)];
    }

    /// <summary>
    /// Gives the sealed message the conversation's next sequence number, adds the rows stored with it to the context,
    /// and notes how the conversation moves on (the read copy keeps the next number for the batch's later messages).
    /// </summary>
    private static Message Append(IMessagingDb db, Conversation conversation, PendingWrite pending, DateTime now, Dictionary<Guid, ConversationAdvance> advances)
    {
        var (draft, message) = (pending.Draft, pending.Message);
        message.Sequence = conversation.LastSequence + 1;
        message.CreatedAt = now;
        if (pending.Verdict.Outcome == ModerationOutcome.Flag)
        {
            db.ModerationFlags.Add(ModerationFlag.ForRules(message.ConversationId, message.Id, pending.Verdict, now));
        }

        foreach (var attachment in draft.Attachments)
        {
            attachment.MessageId = message.Id;
            db.Attachments.Add(attachment);
        }

        var advance = advances.GetValueOrDefault(conversation.Id) ?? new ConversationAdvance(conversation.Id, conversation.LastSequence, 0, null, null, now);
        var byCandidate = draft.ActorId == conversation.CandidateId;
        advances[conversation.Id] = advance with
        {
            ToSequence = message.Sequence,
            CandidateSeen = byCandidate ? message.Sequence : advance.CandidateSeen,
            EmployerSeen = byCandidate ? advance.EmployerSeen : message.Sequence,
        };
        conversation.Appended(message.Sequence, draft.ActorId, now);
        return message;
    }

    /// <summary>The answer for a draft whose client message id is already stored (a retry that raced), or null.</summary>
    private async Task<Result<StoredMessage>?> FindStoredAsync(IMessagingDb db, MessageDraft draft)
    {
        if (draft.SenderId is null || await ClientIds.FindAsync(db, draft.SenderId, draft.ClientMessageId, CancellationToken.None) is not { } stored)
        {
            return null;
        }

        if (stored.ConversationId != draft.ConversationId)
        {
            return MessageErrors.ClientIdReused;
        }

        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == stored.ConversationId);
        var view = await MessageViews.BuildAsync(db, cipher, stored, CancellationToken.None);

        // The draft's own id: an earlier attempt of this very draft committed, though its answer was lost (the
        // connection dropped after COMMIT), so nobody has broadcast it yet. Any other id was written, and broadcast,
        // by the send that won the race.
        return new StoredMessage(view, Reference(conversation), IsNew: stored.Id == draft.MessageId);
    }

    private static ConversationRef Reference(Conversation conversation) => new(conversation.Id, conversation.CandidateId, conversation.EmployerId);

    private void LogIfSlow(CommitMarks marks, int messages, int conversations)
    {
        var total = Stopwatch.GetElapsedTime(marks.Started);
        if (total > SlowCommit)
        {
            LogSlowCommit(logger, messages, conversations, total.TotalMilliseconds, Ms(marks.Started, marks.Begun), Ms(marks.Begun, marks.Read),
                Ms(marks.Read, marks.Appended), Ms(marks.Appended, marks.Inserted), Ms(marks.Inserted, marks.Saved), Stopwatch.GetElapsedTime(marks.Saved).TotalMilliseconds);
        }

        static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
    }

    /// <summary>When each step of a commit ended (Stopwatch timestamps), for the slow-commit log.</summary>
    private sealed class CommitMarks(long started)
    {
        public long Started { get; } = started;

        public long Begun { get; set; }

        public long Read { get; set; }

        public long Appended { get; set; }

        public long Inserted { get; set; }

        public long Saved { get; set; }
    }

    // Source-generated: the per-message one boxed three values and built an array for every message, logged or not.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} stored as {Sequence} in {ConversationId}")]
    private static partial void LogStored(ILogger logger, Guid messageId, long sequence, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message writer warmed up in {Elapsed:0} ms")]
    private static partial void LogWarmedUp(ILogger logger, double elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow commit of {Count} messages in {Conversations} conversations: {Total:0} ms (begin {Begin:0}, read {Read:0}, append {Append:0}, insert {Insert:0}, update {Update:0}, commit {Commit:0} ms)")]
    private static partial void LogSlowCommit(ILogger logger, int count, int conversations, double total, double begin, double read, double append, double insert, double update, double commit);
}
