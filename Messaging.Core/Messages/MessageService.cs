using Messaging.Core.Accounts;
using Messaging.Core.Common;
using Messaging.Core.Encryption;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Messages;

/// <summary>Sends messages: validation, idempotency by client message id, gap-free sequence numbers, broadcast.</summary>
public sealed partial class MessageService(
    IMessagingDbFactory dbFactory, IChatEventBus bus, IAccountStatus accounts, UserRateLimiter limits, ModerationService moderation, MessageCipher cipher, MessageWriter writer,
    ILogger<MessageService> logger)
{
    /// <summary>
    /// Stores a text message and broadcasts it. Sending again with the same <paramref name="clientMessageId"/>
    /// returns the stored message and stores nothing new, so a client may retry as often as it likes.
    /// </summary>
    public Task<Result<MessageView>> SendAsync(string senderId, Guid conversationId, Guid clientMessageId, string? text, CancellationToken cancellationToken = default) =>
        SendAsync(senderId, conversationId, clientMessageId, text, null, cancellationToken);

    /// <summary>As above, optionally as a reply to <paramref name="replyToId"/> (a message of the same conversation).</summary>
    public async Task<Result<MessageView>> SendAsync(string senderId, Guid conversationId, Guid clientMessageId, string? text, Guid? replyToId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendTextAsync(senderId, conversationId, clientMessageId, text, replyToId, cancellationToken);
        }
        catch (Exception ex) when (StorageFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogStorageFailure(logger, ex, conversationId);
            return MessageErrors.StorageUnavailable;
        }
    }

    private async Task<Result<MessageView>> SendTextAsync(string senderId, Guid conversationId, Guid clientMessageId, string? text, Guid? replyToId, CancellationToken cancellationToken)
    {
        if (clientMessageId == Guid.Empty)
        {
            return Error.Invalid("A client message id is required.");
        }

        // The context is released before the message waits for its commit: only the checks read through it.
        // A retry (the same client message id) is not looked up here, which would cost every send a query of its own:
        // the writer's insert meets the unique (SenderId, ClientMessageId) index and answers with the stored message.
        // A refusal looks first, so that a retry of a message that was stored is answered, never refused.
        Result<(string Text, ModerationResult Verdict, ReplyPreview? ReplyTo)> checkedSend;
        await using (var db = dbFactory.Create())
        {
            checkedSend = await CheckAsync(db, senderId, conversationId, text, replyToId, cancellationToken);
            if (!checkedSend.IsSuccess)
            {
                return await FindByClientIdAsync(db, senderId, clientMessageId, cancellationToken) is not { } existing ? checkedSend.Error!
                    : existing.ConversationId == conversationId ? MessageView.From(existing, cipher)
                    : MessageErrors.ClientIdReused;
            }
        }

        var (checkedText, verdict, replyTo) = checkedSend.Value;
        return await StoreAsync(new PreparedMessage(senderId, conversationId, clientMessageId, Guid.CreateVersion7(), MessageType.Text, checkedText), verdict, replyTo, cancellationToken);
    }

    /// <summary>Suspension, text, rate limit, moderation and the replied-to message: the send as it will be stored, or why not.</summary>
    private async Task<Result<(string Text, ModerationResult Verdict, ReplyPreview? ReplyTo)>> CheckAsync(
        IMessagingDb db, string senderId, Guid conversationId, string? text, Guid? replyToId, CancellationToken cancellationToken)
    {
        if (await accounts.IsSuspendedAsync(senderId, cancellationToken))
        {
            return MessageErrors.SenderSuspended;
        }

        var checkedText = MessageErrors.CheckText(text);
        if (!checkedText.IsSuccess)
        {
            return checkedText.Error!;
        }

        if (limits.TryMessage(senderId) is { } limited)
        {
            return limited;
        }

        // Moderation decides before anything is stored: a blocked message never reaches the database or the
        // other side, and the sender is told why (their text stays in their composer).
        var verdict = await moderation.CheckAsync(checkedText.Value, cancellationToken);
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

        return (checkedText.Value, verdict, replyTo);
    }

    /// <summary>
    /// Stores a message another feature prepared (see <see cref="PreparedMessage"/>): suspension, rate limit and
    /// moderation of its text are checked as for text. A retry with a used client message id returns the stored message.
    /// </summary>
    internal async Task<Result<MessageView>> SendPreparedAsync(PreparedMessage prepared, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendCheckedAsync(prepared, cancellationToken);
        }
        catch (Exception ex) when (StorageFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogStorageFailure(logger, ex, prepared.ConversationId);
            return MessageErrors.StorageUnavailable;
        }
    }

    private async Task<Result<MessageView>> SendCheckedAsync(PreparedMessage prepared, CancellationToken cancellationToken)
    {
        await using (var db = dbFactory.Create())
        {
            var existing = await FindByClientIdAsync(db, prepared.SenderId, prepared.ClientMessageId, cancellationToken);
            if (existing is not null)
            {
                return existing.ConversationId == prepared.ConversationId
                    ? await MessageViews.BuildAsync(db, cipher, existing, cancellationToken)
                    : MessageErrors.ClientIdReused;
            }
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

        if (!MessageErrors.IsWellFormed(text))
        {
            return MessageErrors.BrokenCharacters;
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

        return await StoreAsync(prepared with { Text = text }, verdict, null, cancellationToken);
    }

    /// <summary>Hands the checked message to the group-commit writer, then tells open rooms about the answered message.</summary>
    private async Task<Result<MessageView>> StoreAsync(PreparedMessage prepared, ModerationResult verdict, ReplyPreview? replyTo, CancellationToken cancellationToken)
    {
        var draft = new MessageDraft(prepared.ConversationId, prepared.SenderId, prepared.SenderId, prepared.ClientMessageId, prepared.MessageId, prepared.Type, prepared.Text ?? "", verdict)
        {
            ReplyTo = replyTo,
            Attachments = prepared.Attachments,
        };
        var written = await writer.WriteAsync(draft, cancellationToken);
        if (!written.IsSuccess)
        {
            return written.Error!;
        }

        var (view, reference, published) = written.Value;
        await published;
        if (replyTo is not null && view.Id == prepared.MessageId)
        {
            await using var db = dbFactory.Create();
            await Replies.PublishParentAsync(db, bus, cipher, reference, replyTo.Id, cancellationToken);
        }

        return view;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "A message for {ConversationId} could not be stored: storage refuses writes")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception, Guid conversationId);

    internal static Task<Message?> FindByClientIdAsync(IMessagingDb db, string senderId, Guid clientMessageId, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.SenderId == senderId && m.ClientMessageId == clientMessageId, cancellationToken);
}
