using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Core.Attachments;

/// <summary>A decrypted attachment, ready to be sent to a participant.</summary>
public sealed record AttachmentContent(Guid Id, string FileName, string ContentType, byte[] Content)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

/// <summary>
/// Sends files as messages and hands them back to participants. The type is decided by the content, the
/// bytes are encrypted (bound to conversation and attachment id) before they reach the store, and the message
/// goes through <see cref="MessageService"/>'s path, so retries and sequence numbers behave as for text.
/// </summary>
public sealed class AttachmentService(
    IMessagingDbFactory dbFactory, ConversationAccess access, MessageService messages, MessageCipher cipher,
    IAttachmentStore store, IOptions<AttachmentOptions> options, TimeProvider time, ILogger<AttachmentService> logger)
{
    public long MaxBytes => options.Value.MaxBytes;

    public async Task<Result<MessageView>> SendAsync(string userId, Guid conversationId, Guid clientMessageId, string? fileName, Stream content, string? caption = null, CancellationToken cancellationToken = default)
    {
        if (clientMessageId == Guid.Empty)
        {
            return Error.Invalid("A client message id is required.");
        }

        var participant = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!participant.IsSuccess)
        {
            return participant.Error!;
        }

        // A retried upload returns the stored message before anything new is read or stored.
        await using (var db = dbFactory.Create())
        {
            var sent = await ClientIds.FindAsync(db, userId, clientMessageId, cancellationToken);
            if (sent is not null)
            {
                return sent.ConversationId == conversationId
                    ? await MessageViews.BuildAsync(db, cipher, sent, cancellationToken)
                    : MessageErrors.ClientIdReused;
            }
        }

        var bytes = await ReadAtMostAsync(content, MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return AttachmentErrors.TooLarge(MaxBytes);
        }

        if (bytes.Length == 0)
        {
            return AttachmentErrors.Empty;
        }

        if (FileTypeSniffer.Sniff(bytes) is not { } kind)
        {
            return AttachmentErrors.NotAllowed(FileTypeSniffer.Describe(bytes));
        }

        var messageId = Guid.CreateVersion7();
        var attachment = new Attachment
        {
            Id = Guid.CreateVersion7(),
            MessageId = messageId,
            FileName = FileNameSanitizer.Sanitize(fileName, kind),
            ContentType = kind.ContentType,
            Size = bytes.Length,
            StorageKey = $"{conversationId:N}/{Guid.NewGuid():N}",
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        try
        {
            await store.PutAsync(attachment.StorageKey, cipher.EncryptFile(bytes, conversationId, attachment.Id), cancellationToken);
        }
        catch (Exception ex) when (StorageFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            // A full disk: say so, as for a text message, instead of failing with an unexpected error.
            logger.LogError(ex, "Attachment {AttachmentId} could not be stored", attachment.Id);
            await DeleteQuietlyAsync(attachment.StorageKey);
            return MessageErrors.StorageUnavailable;
        }

        Result<MessageView> result;
        try
        {
            // Not cancellable from here on: a message the writer commits after a cancelled wait would point at a
            // file this catch had deleted.
            result = await messages.SendAsync(
                new MessageDraft(userId, conversationId, clientMessageId, MessageType.File, caption) { MessageId = messageId, Attachments = [attachment] },
                CancellationToken.None);
        }
        catch
        {
            await DeleteQuietlyAsync(attachment.StorageKey);
            throw;
        }

        // Refused (moderation, rate limit, blocked) or a concurrent retry won: our blob belongs to no row.
        if (!result.IsSuccess || result.Value.Id != messageId)
        {
            await DeleteQuietlyAsync(attachment.StorageKey);
        }
        else
        {
            logger.LogInformation("Attachment {AttachmentId} ({Size} bytes, {ContentType}) stored in {ConversationId}", attachment.Id, attachment.Size, attachment.ContentType, conversationId);
        }

        return result;
    }

    /// <summary>The decrypted file for a participant; anyone else gets the same not-found as for a missing file.</summary>
    public async Task<Result<AttachmentContent>> OpenAsync(string userId, Guid attachmentId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var found = await (
                from a in db.Attachments.AsNoTracking()
                join m in db.Messages.AsNoTracking() on a.MessageId equals m.Id
                join c in db.Conversations.AsNoTracking() on m.ConversationId equals c.Id
                where a.Id == attachmentId && m.DeletedAt == null && m.RemovedAt == null && (c.CandidateId == userId || c.EmployerId == userId)
                select new { Attachment = a, m.ConversationId })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return AttachmentErrors.NotFound;
        }

        var blob = await store.GetAsync(found.Attachment.StorageKey, cancellationToken);
        var content = blob is null ? null : cipher.DecryptFile(blob, found.ConversationId, found.Attachment.Id);
        if (content is null)
        {
            logger.LogWarning("Attachment {AttachmentId} is missing from the store or does not decrypt", attachmentId);
            return AttachmentErrors.NotFound;
        }

        return new AttachmentContent(found.Attachment.Id, found.Attachment.FileName, found.Attachment.ContentType, content);
    }

    /// <summary>Reads the stream up to <paramref name="maxBytes"/>; null when there is more (only one byte more is read).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var wanted = (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length);
            var read = await content.ReadAsync(chunk.AsMemory(0, wanted), cancellationToken);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return null;
            }
        }
    }

    private async Task DeleteQuietlyAsync(string storageKey)
    {
        try
        {
            await store.DeleteAsync(storageKey, CancellationToken.None);
        }
        catch (IOException ex)
        {
            logger.LogError(ex, "Could not delete the orphaned attachment blob {StorageKey}", storageKey);
        }
    }
}
