using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Messages;

/// <summary>
/// The one way a message is sent, whatever it carries (text, reply, file, interview invitation, system note):
/// the checks, idempotency by client message id, the group-commit writer, the broadcast.
/// </summary>
public sealed partial class MessageService(IMessagingDbFactory dbFactory, IChatEventBus bus, OutgoingTextPolicy policy, MessageCipher cipher, MessageWriter writer, ILogger<MessageService> logger)
{
    /// <summary>
    /// Stores a text message (optionally a reply to <paramref name="replyToId"/>, a message of the same conversation)
    /// and broadcasts it. Sending again with the same <paramref name="clientMessageId"/> returns the stored message and
    /// stores nothing new, so a client may retry as often as it likes.
    /// </summary>
    public Task<Result<MessageView>> SendAsync(string senderId, Guid conversationId, Guid clientMessageId, string? text, Guid? replyToId = null, CancellationToken cancellationToken = default) =>
        SendAsync(MessageDraft.ForText(senderId, conversationId, clientMessageId, text, replyToId), cancellationToken);

    public Task<Result<MessageView>> SendAsync(string senderId, Guid conversationId, Guid clientMessageId, string? text, CancellationToken cancellationToken) =>
        SendAsync(senderId, conversationId, clientMessageId, text, null, cancellationToken);

    /// <summary>As above for any draft. A database that refuses writes is an answer ("try again"), not an exception.</summary>
    internal async Task<Result<MessageView>> SendAsync(MessageDraft draft, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendCheckedAsync(draft, cancellationToken);
        }
        catch (Exception ex) when (StorageFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogStorageFailure(logger, ex, draft.ConversationId);
            return MessageErrors.StorageUnavailable;
        }
    }

    private async Task<Result<MessageView>> SendCheckedAsync(MessageDraft draft, CancellationToken cancellationToken)
    {
        if (draft.ClientMessageId == Guid.Empty)
        {
            return Error.Invalid("A client message id is required.");
        }

        // The context is released before the message waits for its commit: only the checks read through it.
        // A retry (the same client message id) is not looked up here, which would cost every send a query of its own:
        // the writer meets the unique (SenderId, ClientMessageId) index and answers with the stored message.
        // A refusal looks first, so that a retry of a message that was stored is answered, never refused.
        Result<(Moderation.ModerationResult Verdict, ReplyPreview? ReplyTo)> accepted;
        await using (var db = dbFactory.Create())
        {
            accepted = await CheckAsync(db, draft, cancellationToken);
            if (!accepted.IsSuccess)
            {
                return draft.SenderId is null || await ClientIds.FindAsync(db, draft.SenderId, draft.ClientMessageId, cancellationToken) is not { } existing
                    ? accepted.Error!
                    : existing.ConversationId == draft.ConversationId ? await MessageViews.BuildAsync(db, cipher, existing, cancellationToken)
                    : MessageErrors.ClientIdReused;
            }
        }

        var (verdict, replyTo) = accepted.Value;
        var written = await writer.WriteAsync(draft, verdict, replyTo, cancellationToken);
        if (!written.IsSuccess)
        {
            return written.Error!;
        }

        var (view, reference, published) = written.Value;
        await published;
        if (replyTo is not null && view.Id == draft.MessageId)
        {
            await using var db = dbFactory.Create();
            await Replies.PublishParentAsync(db, bus, cipher, reference, replyTo.Id, cancellationToken);
        }

        return view;
    }

    /// <summary>
    /// Whether the draft may go, cheapest and most basic first: the actor takes part and the conversation is not
    /// blocked; then the sender's standing, the text and its moderation (<see cref="OutgoingTextPolicy"/>); then the
    /// replied-to message. The writer checks participation and the block again inside its transaction.
    /// </summary>
    private async Task<Result<(Moderation.ModerationResult Verdict, ReplyPreview? ReplyTo)>> CheckAsync(IMessagingDb db, MessageDraft draft, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == draft.ConversationId)
            .Select(c => new { c.CandidateId, c.EmployerId, c.Status })
            .FirstOrDefaultAsync(cancellationToken);
        if (conversation is null || (conversation.CandidateId != draft.ActorId && conversation.EmployerId != draft.ActorId))
        {
            return Error.NotParticipant();
        }

        if (conversation.Status == ConversationStatus.Blocked)
        {
            return MessageErrors.ConversationBlocked;
        }

        var verdict = await policy.CheckSendAsync(draft.ActorId, draft.Text, draft.TextRule, cancellationToken);
        if (!verdict.IsSuccess)
        {
            return verdict.Error!;
        }

        ReplyPreview? replyTo = null;
        if (draft.ReplyToId is { } parentId)
        {
            var parent = await Replies.ValidateAsync(db, cipher, draft.ConversationId, parentId, cancellationToken);
            if (!parent.IsSuccess)
            {
                return parent.Error!;
            }

            replyTo = parent.Value;
        }

        return (verdict.Value, replyTo);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A message for {ConversationId} could not be stored: storage refuses writes")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception, Guid conversationId);
}
