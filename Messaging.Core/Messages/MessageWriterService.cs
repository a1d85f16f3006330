using System.Data.Common;
using System.Diagnostics;
using Messaging.Core.Common;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Messages;

/// <summary>
/// Group commit: drains <see cref="MessageWriter"/>'s queue, storing whatever queued up meanwhile as one
/// <see cref="MessageBatch"/>, then starts the broadcasts in sequence order and answers each sender.
/// </summary>
/// <remarks>
/// If a batch fails on a conflict (another instance wrote to one of its conversations, a client id raced), its
/// messages are written one by one with retries, so one bad message never costs the others theirs. On stop it takes
/// no more messages and writes the queued ones.
/// </remarks>
internal sealed partial class MessageWriterService(MessageWriter writer, MessageBatch batches, IChatEventBus bus, ILogger<MessageWriterService> logger) : BackgroundService
{
    /// <summary>The most messages one transaction takes.</summary>
    public const int MaxBatchSize = 256;

    private const int MaxAttempts = 20;

    /// <summary>
    /// How long the one-by-one writes after a failed batch may retry in all. A database that is down fails the messages
    /// after this instead of holding the loop for attempts × messages × connect timeouts.
    /// </summary>
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(30);

    /// <summary>Warms the write path before the server takes traffic (hosted services start before it listens).</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await batches.WarmUpAsync(draft => writer.Seal(draft, ModerationResult.Allowed(draft.Text!), null), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogWarmUpFailed(logger, ex); // a cold first commit is slower, not wrong
        }

        await base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        writer.Complete();
        return base.StopAsync(cancellationToken);
    }

    // The loop ends when the queue is completed and empty, not on the stopping token: what was queued is written.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWrite>(MaxBatchSize);
        var queue = writer.Queue;
        while (await queue.WaitToReadAsync(CancellationToken.None))
        {
            // A draft with related rows goes alone (its callback may refuse and roll back); the others fill the batch.
            while (batch.Count < MaxBatchSize && queue.TryPeek(out var next) && (batch.Count == 0 || next.Draft.Related is null))
            {
                queue.TryRead(out _);
                batch.Add(next);
                if (next.Draft.Related is not null)
                {
                    break;
                }
            }

            try
            {
                await WriteAsync(batch);
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

    private async Task WriteAsync(List<PendingWrite> batch)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(RetryBudget.TotalSeconds * Stopwatch.Frequency); // real time, as the delays are
        if (batch.Count == 1 || batch[0].Draft.Related is not null)
        {
            await WriteOneAsync(batch[0], retried: batch[0].Draft.Related is not null, deadline);
            return;
        }

        try
        {
            Complete(batch, await batches.CommitAsync(batch, retried: false));
        }
        catch (Exception ex) when (IsConflict(ex))
        {
            LogBatchConflict(logger, ex, batch.Count);
            foreach (var pending in batch)
            {
                await WriteOneAsync(pending, retried: true, deadline);
            }
        }
    }

    private async Task WriteOneAsync(PendingWrite pending, bool retried, long deadline)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Complete([pending], await batches.CommitAsync([pending], retried));
                return;
            }
            catch (Exception ex) when (IsConflict(ex) && attempt < MaxAttempts && Stopwatch.GetTimestamp() < deadline)
            {
                // The same client id may have won a race with us: the next attempt finds it and answers with it.
                LogSequenceConflict(logger, ex, pending.Draft.ConversationId, attempt);
                retried = true;
                await Task.Delay(Random.Shared.Next(1, 5 * attempt));
            }
            catch (Exception ex)
            {
                pending.Completion.TrySetException(ex);
                return;
            }
        }
    }

    /// <summary>
    /// Starts the broadcasts of what is new in sequence order, on this loop (their synchronous part hands each event to
    /// the local inboxes), and answers the senders; each awaits its own broadcast before it is answered.
    /// </summary>
    private void Complete(IReadOnlyList<PendingWrite> batch, Result<StoredMessage>[] results)
    {
        writer.Committed(results.Count(r => r.IsSuccess && r.Value.IsNew));
        for (var i = 0; i < batch.Count; i++)
        {
            var result = results[i];
            batch[i].Completion.TrySetResult(result.IsSuccess ? Written(result.Value) : result.Error!);
        }
    }

    private WrittenMessage Written(StoredMessage stored) =>
        new(stored.View, stored.Conversation, stored.IsNew ? Publish(new MessageCreated(stored.Conversation, stored.View)) : Task.CompletedTask);

    private Task Publish(ChatEvent chatEvent)
    {
        try
        {
            return bus.PublishAsync(chatEvent);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming up the message writer failed; the first messages may be slower")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A batch of {Count} messages conflicted; writing them one by one")]
    private static partial void LogBatchConflict(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sequence conflict in {ConversationId}, attempt {Attempt}")]
    private static partial void LogSequenceConflict(ILogger logger, Exception exception, Guid conversationId, int attempt);
}
