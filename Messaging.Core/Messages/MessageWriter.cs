using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Messages;

/// <summary>
/// Group commit for new messages: every send of this instance queues its <see cref="MessageDraft"/> here, and one
/// loop stores whatever has queued up meanwhile in ONE transaction (sequence numbers taken in order, flags added, one
/// commit), then starts the broadcasts in sequence order
/// and answers each sender. Under load a commit carries hundreds of messages instead of one; alone, a send waits
/// for nothing but its own commit.
/// </summary>
/// <remarks>
/// If a batch fails on a conflict (another instance wrote to one of its conversations, a client id raced), its
/// drafts are written one by one with retries, each first checking whether its client id is already stored; so
/// one bad draft never costs the others theirs. The per-conversation sequence stays gap-free across instances
/// because every write locks the conversation rows first and LastSequence is a concurrency token.
/// </remarks>
public sealed partial class MessageWriter : IAsyncDisposable, IDisposable
{
    /// <summary>The most drafts one transaction takes.</summary>
    public const int MaxBatchSize = 256;

    private const int MaxAttempts = 20;

    /// <summary>A commit slower than this is logged with where its time went (every sender in it waited as long).</summary>
    private static readonly TimeSpan SlowCommit = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long the one-by-one writes after a failed batch may retry in all. A database that is down fails the drafts
    /// after this instead of holding the loop for attempts × drafts × connect timeouts.
    /// </summary>
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(30);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IMessagingDbFactory _dbFactory;
    private readonly IChatEventBus _bus;
    private readonly MessageCipher _cipher;
    private readonly BlindIndex _blindIndex;
    private readonly TimeProvider _time;
    private readonly ILogger<MessageWriter> _logger;
    private readonly Task _loop;

    public MessageWriter(IMessagingDbFactory dbFactory, IChatEventBus bus, MessageCipher cipher, BlindIndex blindIndex, TimeProvider time, ILogger<MessageWriter> logger)
    {
        (_dbFactory, _bus, _cipher, _blindIndex, _time, _logger) = (dbFactory, bus, cipher, blindIndex, time, logger);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Batches committed so far and the drafts they carried (tests check that sends really share commits).</summary>
    public (long Batches, long Drafts) Written => (Interlocked.Read(ref _batches), Interlocked.Read(ref _drafts));

    private long _batches;
    private long _drafts;

    /// <summary>
    /// Stores <paramref name="draft"/> and starts its broadcast. Cancelling stops the wait, not the write: a client
    /// that gave up retries with the same client message id and gets the stored message.
    /// </summary>
    internal Task<Result<WrittenMessage>> WriteAsync(MessageDraft draft, CancellationToken cancellationToken)
    {
        // Encryption and the search filter need no lock (the sequence is not part of either): they are done here, on
        // the sender's thread, so the loop only numbers, inserts and commits.
        var message = new Message
        {
            Id = draft.MessageId,
            ConversationId = draft.ConversationId,
            SenderId = draft.SenderId,
            ClientMessageId = draft.ClientMessageId,
            Type = draft.Type,
            Moderation = draft.Verdict.Outcome,
            ReplyToId = draft.ReplyTo?.Id,
            SearchFilter = _blindIndex.Filter(draft.ConversationId, draft.Verdict.Text),
        };
        _cipher.Seal(message, draft.Verdict.Text, draft.Verdict.Text == draft.Text ? null : draft.Text);
        var pending = new Pending(draft, message);
        return _queue.Writer.TryWrite(pending)
            ? pending.Completion.Task.WaitAsync(cancellationToken)
            : Task.FromException<Result<WrittenMessage>>(new ObjectDisposedException(nameof(MessageWriter)));
    }

    /// <summary>Takes no more drafts and waits until the queued ones are written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    // A container disposed synchronously would refuse a service that is only IAsyncDisposable.
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.GetAwaiter().GetResult();
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            // A draft with related rows goes alone (its callback may refuse and roll back); the others fill the batch.
            while (batch.Count < MaxBatchSize && reader.TryPeek(out var next) && (batch.Count == 0 || next.Draft.Related is null))
            {
                reader.TryRead(out _);
                batch.Add(next);
                if (next.Draft.Related is not null)
                {
                    break;
                }
            }

            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception ex)
            {
                // Never leave a sender waiting, whatever failed.
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }

            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(RetryBudget.TotalSeconds * Stopwatch.Frequency); // real time, as the delays are
        if (batch.Count == 1 || batch[0].Draft.Related is not null)
        {
            await WriteOneAsync(batch[0], checkStored: batch[0].Draft.Related is not null, deadline);
            return;
        }

        try
        {
            Complete(batch, await CommitAsync(batch, checkStored: false));
        }
        catch (Exception ex) when (IsConflict(ex))
        {
            LogBatchConflict(_logger, ex, batch.Count);
            foreach (var pending in batch)
            {
                await WriteOneAsync(pending, checkStored: true, deadline);
            }
        }
    }

    private async Task WriteOneAsync(Pending pending, bool checkStored, long deadline)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Complete([pending], await CommitAsync([pending], checkStored));
                return;
            }
            catch (Exception ex) when (IsConflict(ex) && attempt < MaxAttempts && Stopwatch.GetTimestamp() < deadline)
            {
                // The same client id may have won a race with us: the next attempt finds it and answers with it.
                LogSequenceConflict(_logger, ex, pending.Draft.ConversationId, attempt);
                checkStored = true;
                await Task.Delay(Random.Shared.Next(1, 5 * attempt));
            }
            catch (Exception ex)
            {
                pending.Completion.TrySetException(ex);
                return;
            }
        }
    }

    private static void Complete(IReadOnlyList<Pending> batch, Result<WrittenMessage>[] results)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }
    }

    /// <summary>Writes the drafts in one transaction; an exception means nothing of it was stored.</summary>
    private async Task<Result<WrittenMessage>[]> CommitAsync(IReadOnlyList<Pending> batch, bool checkStored)
    {
        var results = new Result<WrittenMessage>?[batch.Count];
        var started = Stopwatch.GetTimestamp();
        await using var db = _dbFactory.Create();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var begun = Stopwatch.GetTimestamp();

        if (checkStored)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (await StoredAsync(db, batch[i].Draft) is { } stored)
                {
                    results[i] = stored;
                }
            }
        }

        // A draft retried after a conflict, or one with related rows, first locks its conversation
        // row (a no-op UPDATE), so that writers on other instances take turns instead of conflicting again. A batch
        // does not: within an instance this loop is the only writer of new messages, and a conflict with another
        // instance fails the commit on LastSequence (a concurrency token) or the unique sequence index, and the
        // batch is then written one by one. Locking some 250 rows per commit cost PostgreSQL ~40 ms. (On SQLite the
        // transaction holds the database's write lock from its start anyway.)
        var ids = batch.Select(p => p.Draft.ConversationId).Distinct().ToList();
        if (checkStored)
        {
            await db.Conversations.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSequence, c => c.LastSequence));
        }
        var conversations = await db.Conversations.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id);
        var read = Stopwatch.GetTimestamp();

        var now = _time.GetUtcNow().UtcDateTime;
        var added = new List<(int Index, Message Message, Conversation Conversation)>(batch.Count);
        var firstByClientId = new Dictionary<(string, Guid), int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var draft = batch[i].Draft;
            if (results[i] is not null)
            {
                continue;
            }

            if (draft.SenderId is { } sender && !firstByClientId.TryAdd((sender, draft.ClientMessageId), i))
            {
                continue; // the same send twice in one batch (a quick retry): answered with the first below
            }

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

            var message = Append(db, conversation, batch[i], now);
            if (draft.Related is not null && await draft.Related(db, message) is { } refused)
            {
                return [refused];
            }

            added.Add((i, message, conversation));
        }

        // Messages go in as multi-row INSERTs; conversations (a concurrency-checked UPDATE each), flags, files and
        // related rows through SaveChanges, after them.
        var appended = Stopwatch.GetTimestamp();
        await db.InsertRowsAsync(added.Select(a => a.Message).ToList());
        var inserted = Stopwatch.GetTimestamp();
        await db.SaveChangesAsync();
        var saved = Stopwatch.GetTimestamp();
        await transaction.CommitAsync();
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _drafts, added.Count);
        if (Stopwatch.GetElapsedTime(started) is var total && total > SlowCommit)
        {
            LogSlowCommit(_logger, added.Count, conversations.Count, total.TotalMilliseconds, Stopwatch.GetElapsedTime(started, begun).TotalMilliseconds,
                Stopwatch.GetElapsedTime(begun, read).TotalMilliseconds, Stopwatch.GetElapsedTime(read, appended).TotalMilliseconds,
                Stopwatch.GetElapsedTime(appended, inserted).TotalMilliseconds, Stopwatch.GetElapsedTime(inserted, saved).TotalMilliseconds,
                Stopwatch.GetElapsedTime(saved).TotalMilliseconds);
        }

        // Broadcasts start in sequence order on this loop (their synchronous part hands the event to the local
        // subscribers and the hub connections); each sender awaits its own before it is answered.
        foreach (var (index, message, conversation) in added)
        {
            var view = batch[index].Draft.ViewOf(message);
            var reference = new ConversationRef(conversation.Id, conversation.CandidateId, conversation.EmployerId);
            results[index] = new WrittenMessage(view, reference, Publish(new MessageCreated(reference, view)));
            LogStored(_logger, message.Id, message.Sequence, conversation.Id);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is null && batch[i].Draft.SenderId is { } sender)
            {
                var first = results[firstByClientId[(sender, batch[i].Draft.ClientMessageId)]]!.Value;
                results[i] = !first.IsSuccess ? first
                    : first.Value.View.ConversationId == batch[i].Draft.ConversationId ? first.Value with { Published = Task.CompletedTask }
                    : MessageErrors.ClientIdReused;
            }
        }

        return [.. results.Select(r => r!.Value)];
    }

    /// <summary>Gives the sealed message the conversation's next sequence number and adds the rows stored with it to the context.</summary>
    private static Message Append(IMessagingDb db, Conversation conversation, Pending pending, DateTime now)
    {
        var (draft, message, verdict) = (pending.Draft, pending.Message, pending.Draft.Verdict);
        message.Sequence = conversation.LastSequence + 1;
        message.CreatedAt = now;
        if (verdict.Outcome == ModerationOutcome.Flag)
        {
            db.ModerationFlags.Add(MessageService.FlagFor(message, verdict, now));
        }

        foreach (var attachment in draft.Attachments)
        {
            attachment.MessageId = message.Id;
            db.Attachments.Add(attachment);
        }

        // LastSequence is also a concurrency token (a backstop to the row lock). The actor has read the message, and
        // a new message brings an archived conversation back for both participants.
        conversation.LastSequence = message.Sequence;
        conversation.LastActivityAt = now;
        conversation.CandidateArchivedAt = null;
        conversation.EmployerArchivedAt = null;
        if (draft.ActorId == conversation.CandidateId)
        {
            conversation.CandidateReadSequence = message.Sequence;
            conversation.CandidateDeliveredSequence = message.Sequence;
        }
        else
        {
            conversation.EmployerReadSequence = message.Sequence;
            conversation.EmployerDeliveredSequence = message.Sequence;
        }

        return message;
    }

    /// <summary>The answer for a draft whose client message id is already stored (a retry that raced), or null.</summary>
    private async Task<Result<WrittenMessage>?> StoredAsync(IMessagingDb db, MessageDraft draft)
    {
        if (draft.SenderId is null || await MessageService.FindByClientIdAsync(db, draft.SenderId, draft.ClientMessageId, CancellationToken.None) is not { } stored)
        {
            return null;
        }

        if (stored.ConversationId != draft.ConversationId)
        {
            return MessageErrors.ClientIdReused;
        }

        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == stored.ConversationId);
        var view = await MessageViews.BuildAsync(db, _cipher, stored, CancellationToken.None);
        var reference = new ConversationRef(conversation.Id, conversation.CandidateId, conversation.EmployerId);

        // The draft's own id: an earlier attempt of this very draft committed, though its answer was lost (the
        // connection dropped after COMMIT), so nobody has broadcast it yet. Any other id was written, and broadcast,
        // by the send that won the race.
        var published = stored.Id == draft.MessageId ? Publish(new MessageCreated(reference, view)) : Task.CompletedTask;
        return new WrittenMessage(view, reference, published);
    }

    private Task Publish(ChatEvent chatEvent)
    {
        try
        {
            return _bus.PublishAsync(chatEvent);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>
    /// A failed write, worth retrying one by one: a concurrency or unique-index conflict, a deadlock between
    /// instances. Npgsql's execution strategy wraps what it deems transient (a deadlock) in an InvalidOperationException.
    /// </summary>
    internal static bool IsConflict(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is DbUpdateException or DbException)
            {
                return true;
            }
        }

        return false;
    }

    // Source-generated: the per-message one boxed three values and built an array for every message, logged or not.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} stored as {Sequence} in {ConversationId}")]
    private static partial void LogStored(ILogger logger, Guid messageId, long sequence, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A batch of {Count} messages conflicted; writing them one by one")]
    private static partial void LogBatchConflict(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sequence conflict in {ConversationId}, attempt {Attempt}")]
    private static partial void LogSequenceConflict(ILogger logger, Exception exception, Guid conversationId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow commit of {Count} messages in {Conversations} conversations: {Total:0} ms (begin {Begin:0}, read {Read:0}, append {Append:0}, insert {Insert:0}, update {Update:0}, commit {Commit:0} ms)")]
    private static partial void LogSlowCommit(ILogger logger, int count, int conversations, double total, double begin, double read, double append, double insert, double update, double commit);

    private sealed class Pending(MessageDraft draft, Message message)
    {
        public MessageDraft Draft { get; } = draft;

        /// <summary>Sealed, waiting for its sequence number and creation time.</summary>
        public Message Message { get; } = message;

        public TaskCompletionSource<Result<WrittenMessage>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
