using Messaging.Core.Accounts;
using Messaging.Core.Attachments;
using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Messages;

/// <summary>Sends messages: validation, idempotency by client message id, gap-free sequence numbers, broadcast.</summary>
public sealed class MessageService(IMessagingDbFactory dbFactory, IChatEventBus bus, IAccountStatus accounts, UserRateLimiter limits, ModerationService moderation, MessageCipher cipher, BlindIndex blindIndex, TimeProvider time, ILogger<MessageService> logger)
{
    private const int MaxSequenceAttempts = 20;

    /// <summary>
    /// Stores a text message and broadcasts it. Sending again with the same <paramref name="clientMessageId"/>
    /// returns the stored message and stores nothing new, so a client may retry as often as it likes.
    /// </summary>
    public Task<Result<MessageView>> SendAsync(string senderId, Guid conversationId, Guid clientMessageId, string? text, CancellationToken cancellationToken = default) =>
        SendAsync(senderId, conversationId, clientMessageId, text, null, cancellationToken);

    /// <summary>As above, optionally as a reply to <paramref name="replyToId"/> (a message of the same conversation).</summary>
    public async Task<Result<MessageView>> SendAsync(string senderId, Guid conversationId, Guid clientMessageId, string? text, Guid? replyToId, CancellationToken cancellationToken = default)
    {
        if (clientMessageId == Guid.Empty)
        {
            return Error.Invalid("A client message id is required.");
        }

        await using var db = dbFactory.Create();
        var existing = await FindByClientIdAsync(db, senderId, clientMessageId, cancellationToken);
        if (existing is not null)
        {
            return existing.ConversationId == conversationId ? MessageView.From(existing, cipher) : Error.Invalid("This client message id was already used in another conversation.");
        }

        if (await accounts.IsSuspendedAsync(senderId, cancellationToken))
        {
            return MessageErrors.SenderSuspended;
        }

        var checkedText = MessageErrors.CheckText(text);
        if (!checkedText.IsSuccess)
        {
            return checkedText.Error!;
        }

        var body = checkedText.Value;

        if (limits.TryMessage(senderId) is { } limited)
        {
            return limited;
        }

        // Moderation decides before anything is stored: a blocked message never reaches the database or the
        // other side, and the sender is told why (their text stays in their composer).
        var verdict = await moderation.CheckAsync(body, cancellationToken);
        if (verdict.IsBlocked)
        {
            return new Error(ErrorCode.Rejected, verdict.UserMessage ?? "This message can't be sent.");
        }

        ReplyPreview? replyTo = null;
        if (replyToId is { } parentId)
        {
            var parent = await Replies.ValidateAsync(db, cipher, conversationId, parentId, cancellationToken);
            if (!parent.IsSuccess)
            {
                return parent.Error!;
            }

            replyTo = parent.Value;
        }

        return await StoreAsync(db, new PreparedMessage(senderId, conversationId, clientMessageId, Guid.CreateVersion7(), MessageType.Text, body), verdict, replyTo, cancellationToken);
    }

    /// <summary>
    /// Stores a message another feature prepared (see <see cref="PreparedMessage"/>): suspension, rate limit and
    /// moderation of its text are checked as for text. A retry with a used client message id returns the stored message.
    /// </summary>
    internal async Task<Result<MessageView>> SendPreparedAsync(PreparedMessage prepared, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var existing = await FindByClientIdAsync(db, prepared.SenderId, prepared.ClientMessageId, cancellationToken);
        if (existing is not null)
        {
            return existing.ConversationId == prepared.ConversationId
                ? await MessageViews.BuildAsync(db, cipher, existing, cancellationToken)
                : Error.Invalid("This client message id was already used in another conversation.");
        }

        if (await accounts.IsSuspendedAsync(prepared.SenderId, cancellationToken))
        {
            return MessageErrors.SenderSuspended;
        }

        var text = prepared.Text?.Trim() ?? "";
        if (text.Length > Message.MaxLength)
        {
            return MessageErrors.TooLong(text.Length);
        }

        if (limits.TryMessage(prepared.SenderId) is { } limited)
        {
            return limited;
        }

        var verdict = await moderation.CheckAsync(text, cancellationToken);
        if (verdict.IsBlocked)
        {
            return new Error(ErrorCode.Rejected, verdict.UserMessage ?? "This message can't be sent.");
        }

        return await StoreAsync(db, prepared with { Text = text }, verdict, null, cancellationToken);
    }

    /// <summary>Takes the next sequence number under the conversation's row lock and stores the message, then broadcasts it.</summary>
    private async Task<Result<MessageView>> StoreAsync(IMessagingDb db, PreparedMessage prepared, ModerationResult verdict, ReplyPreview? replyTo, CancellationToken cancellationToken)
    {
        var (senderId, conversationId, clientMessageId) = (prepared.SenderId, prepared.ConversationId, prepared.ClientMessageId);
        var body = prepared.Text ?? "";
        var replyToId = replyTo?.Id;
        for (var attempt = 1; ; attempt++)
        {
            // Lock the conversation row (a no-op UPDATE) before reading LastSequence: concurrent sends into one
            // conversation then take turns instead of racing and retrying until they run out of attempts.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Conversations
                .Where(c => c.Id == conversationId && (c.CandidateId == senderId || c.EmployerId == senderId))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSequence, c => c.LastSequence), cancellationToken);

            var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
            if (conversation is null || !conversation.IsParticipant(senderId))
            {
                return Error.NotParticipant();
            }

            if (conversation.Status == ConversationStatus.Blocked)
            {
                return MessageErrors.ConversationBlocked;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var message = new Message
            {
                Id = prepared.MessageId,
                ConversationId = conversationId,
                Sequence = conversation.LastSequence + 1,
                SenderId = senderId,
                ClientMessageId = clientMessageId,
                Type = prepared.Type,
                Moderation = verdict.Outcome,
                ReplyToId = replyToId,
                CreatedAt = now,
            };

            // Only ciphertext and blind-index tokens of the text reach the database, in this transaction.
            cipher.Seal(message, verdict.Text, verdict.Text == body ? null : body);
            db.MessageSearchTokens.AddRange(blindIndex.For(message, verdict.Text));
            if (verdict.Outcome == ModerationOutcome.Flag)
            {
                db.ModerationFlags.Add(FlagFor(message, verdict, now));
            }

            // LastSequence is also a concurrency token: if another send took this number first after all, SaveChanges
            // fails and we go round again with the new value. The sender has read their own message.
            // A new message brings an archived conversation back for both participants.
            conversation.LastSequence = message.Sequence;
            conversation.LastActivityAt = now;
            conversation.CandidateArchivedAt = null;
            conversation.EmployerArchivedAt = null;
            if (senderId == conversation.CandidateId)
            {
                conversation.CandidateReadSequence = message.Sequence;
                conversation.CandidateDeliveredSequence = message.Sequence;
            }
            else
            {
                conversation.EmployerReadSequence = message.Sequence;
                conversation.EmployerDeliveredSequence = message.Sequence;
            }

            message.Attachments.AddRange(prepared.Attachments);
            db.Messages.Add(message);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < MaxSequenceAttempts)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                // The same client id may have won a race with us: then that stored message is the answer.
                var raced = await FindByClientIdAsync(db, senderId, clientMessageId, cancellationToken);
                if (raced is not null)
                {
                    return await MessageViews.BuildAsync(db, cipher, raced, cancellationToken);
                }

                logger.LogDebug(ex, "Sequence conflict in {ConversationId}, attempt {Attempt}", conversationId, attempt);
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
                continue;
            }

            var view = MessageView.From(message, verdict.Text) with { ReplyTo = replyTo, Attachments = prepared.Attachments.Select(AttachmentView.From).ToList() };
            var reference = new ConversationRef(conversation.Id, conversation.CandidateId, conversation.EmployerId);
            await bus.PublishAsync(new MessageCreated(reference, view), cancellationToken);
            if (replyTo is not null)
            {
                await Replies.PublishParentAsync(db, bus, cipher, reference, replyTo.Id, cancellationToken);
            }

            logger.LogDebug("Message {MessageId} stored as {Sequence} in {ConversationId}", message.Id, message.Sequence, conversationId);
            return view;
        }
    }

    /// <summary>A rule flag for the admin queue, stored in the same transaction as the message.</summary>
    internal static ModerationFlag FlagFor(Message message, ModerationResult verdict, DateTime now)
    {
        var flagging = verdict.Matches.Where(m => m.Outcome == ModerationOutcome.Flag).ToList();
        var details = string.Join(" ", flagging.Select(m => $"{m.RuleName}: {m.Reason}").Distinct());
        return new ModerationFlag
        {
            Id = Guid.CreateVersion7(),
            ConversationId = message.ConversationId,
            MessageId = message.Id,
            Source = FlagSource.Rule,
            Reason = flagging.Any(m => m.Kind == ModerationRuleKind.Detector) ? FlagReason.PersonalInfo : FlagReason.BlockedContent,
            RuleId = flagging.FirstOrDefault()?.RuleId,
            Details = details.Length <= ModerationFlag.MaxDetailsLength ? details : details[..ModerationFlag.MaxDetailsLength],
            Status = FlagStatus.Open,
            CreatedAt = now,
        };
    }

    private static Task<Message?> FindByClientIdAsync(IMessagingDb db, string senderId, Guid clientMessageId, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.SenderId == senderId && m.ClientMessageId == clientMessageId, cancellationToken);
}
