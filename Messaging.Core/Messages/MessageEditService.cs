using Messaging.Core.Admin;
using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Messages;

/// <summary>
/// Edits and deletes by the sender. An edit goes through the same checks as a send (length, moderation) and keeps
/// the previous text in <see cref="MessageEdit"/> for admins; a delete is soft and removes the text from storage.
/// </summary>
public sealed class MessageEditService(
    IMessagingDbFactory dbFactory,
    IChatEventBus bus,
    OutgoingTextPolicy policy,
    AdminGuard admins,
    Encryption.MessageCipher cipher,
    Encryption.BlindIndex blindIndex,
    Attachments.IAttachmentStore files,
    TimeProvider time,
    ILogger<MessageEditService> logger)
{
    /// <summary>How long after sending the sender may still edit a message.</summary>
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(15);

    /// <summary>Whether <paramref name="userId"/> may still edit the message at <paramref name="now"/> (the UI hides the action otherwise).</summary>
    public static bool CanEdit(MessageView message, string userId, DateTime now) =>
        message.SenderId == userId && message.Type == MessageType.Text && !message.IsDeleted && !message.IsRemoved && now - message.CreatedAt <= EditWindow;

    public async Task<Result<MessageView>> EditAsync(string userId, Guid messageId, string? text, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var found = await FindOwnAsync(db, userId, messageId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var (message, conversation) = found.Value;
        if (message.Type != MessageType.Text)
        {
            return EditErrors.OnlyText;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (now - message.CreatedAt > EditWindow)
        {
            return EditErrors.WindowClosed;
        }

        if (conversation.Status == ConversationStatus.Blocked)
        {
            return MessageErrors.ConversationBlocked;
        }

        var previousBody = cipher.OpenBody(message);
        var previousOriginal = cipher.OpenOriginal(message);
        if ((previousOriginal ?? previousBody) == text?.Trim())
        {
            // Nothing changed: no history entry, no "edited" mark.
            return await MessageViews.BuildAsync(db, cipher, message, cancellationToken);
        }

        // An edit is sent text: the same policy as a send (standing, length, rate, moderation).
        var checkedEdit = await policy.CheckSendAsync(userId, text, OutgoingTextRule.Message, cancellationToken);
        if (!checkedEdit.IsSuccess)
        {
            return checkedEdit.Error!;
        }

        var verdict = checkedEdit.Value;
        var body = text!.Trim();
        db.MessageEdits.Add(new MessageEdit
        {
            Id = Guid.CreateVersion7(),
            MessageId = message.Id,
            PreviousCiphertext = previousBody is null ? null : cipher.Encrypt(previousBody, message.ConversationId, message.Id, Encryption.CipherField.PreviousBody),
            PreviousOriginalCiphertext = previousOriginal is null ? null : cipher.Encrypt(previousOriginal, message.ConversationId, message.Id, Encryption.CipherField.PreviousOriginal),
            EditedAt = now,
        });
        cipher.Seal(message, verdict.Text, verdict.Text == body ? null : body);

        // Search follows the new text.
        message.SearchFilter = blindIndex.Filter(message.ConversationId, verdict.Text);
        message.Moderation = verdict.Outcome;
        message.EditedAt = now;
        if (verdict.Outcome == ModerationOutcome.Flag)
        {
            db.ModerationFlags.Add(ModerationFlag.ForRules(message.ConversationId, message.Id, verdict, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogDebug("Message {MessageId} edited", message.Id);
        return await PublishAsync(db, conversation, message, cancellationToken);
    }

    /// <summary>Soft delete by the sender: the message stays in the sequence as "Message deleted", its text and history are gone.</summary>
    public async Task<Result<MessageView>> DeleteAsync(string userId, Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var found = await FindOwnAsync(db, userId, messageId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var (message, conversation) = found.Value;
        message.BodyCiphertext = null;
        message.OriginalCiphertext = null;
        message.SearchFilter = [];
        message.DeletedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await db.MessageEdits.Where(e => e.MessageId == message.Id).ExecuteDeleteAsync(cancellationToken);
        await DeleteFilesAsync(db, files, [message.Id], cancellationToken);
        logger.LogDebug("Message {MessageId} deleted by its sender", message.Id);
        return await PublishAsync(db, conversation, message, cancellationToken);
    }

    /// <summary>Erases the stored files of deleted messages: the rows go, and so do the encrypted blobs on disk.</summary>
    public static async Task DeleteFilesAsync(IMessagingDb db, Attachments.IAttachmentStore files, IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken)
    {
        var attachments = await db.Attachments.Where(a => messageIds.Contains(a.MessageId)).ToListAsync(cancellationToken);
        foreach (var attachment in attachments)
        {
            await files.DeleteAsync(attachment.StorageKey, cancellationToken);
        }

        db.Attachments.RemoveRange(attachments);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The earlier texts of a message, oldest first, decrypted for admins.</summary>
    public async Task<Result<IReadOnlyList<MessageEditView>>> HistoryAsync(string adminId, Guid messageId, CancellationToken cancellationToken = default)
    {
        if (await admins.RequireAdminAsync(adminId, cancellationToken) is { } forbidden)
        {
            return forbidden;
        }

        await using var db = dbFactory.Create();
        var conversationId = await db.Messages.Where(m => m.Id == messageId).Select(m => m.ConversationId).FirstOrDefaultAsync(cancellationToken);
        var edits = await db.MessageEdits.AsNoTracking().Where(e => e.MessageId == messageId).OrderBy(e => e.EditedAt).ToListAsync(cancellationToken);
        return edits.Select(e => new MessageEditView(
            e.EditedAt,
            cipher.Decrypt(e.PreviousCiphertext, conversationId, messageId, Encryption.CipherField.PreviousBody),
            cipher.Decrypt(e.PreviousOriginalCiphertext, conversationId, messageId, Encryption.CipherField.PreviousOriginal))).ToList();
    }

    private async Task<MessageView> PublishAsync(IMessagingDb db, Conversation conversation, Message message, CancellationToken cancellationToken)
    {
        var view = await MessageViews.BuildAsync(db, cipher, message, cancellationToken);
        await bus.PublishAsync(new MessageUpdated(new ConversationRef(conversation.Id, conversation.CandidateId, conversation.EmployerId), view), cancellationToken);
        return view;
    }

    /// <summary>The caller's own, not yet deleted or removed message. Someone else's message gets the same answer as a missing one.</summary>
    private static async Task<Result<(Message Message, Conversation Conversation)>> FindOwnAsync(IMessagingDb db, string userId, Guid messageId, CancellationToken cancellationToken)
    {
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (message is null)
        {
            return Error.NotFound("The message");
        }

        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == message.ConversationId, cancellationToken);
        if (!conversation.IsParticipant(userId))
        {
            return Error.NotFound("The message");
        }

        if (message.SenderId != userId)
        {
            return EditErrors.NotSender;
        }

        if (message.DeletedAt is not null || message.RemovedAt is not null)
        {
            return EditErrors.Gone;
        }

        return (message, conversation);
    }
}

public static class EditErrors
{
    public static Error WindowClosed { get; } = new(ErrorCode.Forbidden, "You can edit a message for 15 minutes after sending it.");

    public static Error NotSender { get; } = new(ErrorCode.Forbidden, "You can only change your own messages.");

    public static Error Gone { get; } = new(ErrorCode.Conflict, "This message was deleted, so it can't be changed.");

    public static Error OnlyText { get; } = new(ErrorCode.Invalid, "Only text messages can be edited.");
}

/// <summary>One earlier text of an edited message, as an admin reads it.</summary>
public sealed record MessageEditView(DateTime EditedAt, string? PreviousBody, string? PreviousOriginalBody);
