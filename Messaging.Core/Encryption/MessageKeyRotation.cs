using Messaging.Core.Common;
using Messaging.Core.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Encryption;

/// <summary>What one rotation batch did.</summary>
public sealed record RotationBatch(int Rotated, int Failed)
{
    public int Seen => Rotated + Failed;
}

/// <summary>
/// Moves messages onto the active key: decrypts each ciphertext with its old key and encrypts it with the new one.
/// It keeps no state of its own (it works on rows whose key id is not the active one), so it resumes after a
/// restart. A row that does not decrypt is left as it is and reported, not retried within the same run.
/// </summary>
public sealed class MessageKeyRotation(IMessagingDbFactory dbFactory, MessageCipher cipher, ILogger<MessageKeyRotation> logger)
{
    /// <summary>Messages not yet on the active key.</summary>
    public async Task<int> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        var active = cipher.ActiveKeyId;
        await using var db = dbFactory.Create();
        return await db.Messages.CountAsync(m => m.KeyId != null && m.KeyId != active, cancellationToken);
    }

    /// <summary>Re-encrypts up to <paramref name="batchSize"/> messages in one transaction, skipping the ids in <paramref name="skip"/>.</summary>
    public async Task<RotationBatch> RotateBatchAsync(int batchSize, ICollection<Guid>? skip = null, CancellationToken cancellationToken = default)
    {
        var active = cipher.ActiveKeyId;
        var excluded = skip?.ToList() ?? [];
        await using var db = dbFactory.Create();
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.KeyId != null && m.KeyId != active && !excluded.Contains(m.Id))
            .OrderBy(m => m.Id)
            .Take(batchSize)
            .Select(m => new { m.Id, m.ConversationId, m.KeyId, m.BodyCiphertext, m.OriginalCiphertext })
            .ToListAsync(cancellationToken);

        var rotated = 0;
        var failed = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var row in rows)
        {
            if (!TryReEncrypt(row.BodyCiphertext, row.ConversationId, row.Id, CipherField.Body, out var body)
                || !TryReEncrypt(row.OriginalCiphertext, row.ConversationId, row.Id, CipherField.Original, out var original))
            {
                logger.LogWarning("Message {MessageId} on key {KeyId} does not decrypt; it stays on that key", row.Id, row.KeyId);
                skip?.Add(row.Id);
                failed++;
                continue;
            }

            // Only if nobody rewrote the row meanwhile (a write always uses the active key, so the old key id is the guard).
            var oldKey = row.KeyId;
            await db.Messages.Where(m => m.Id == row.Id && m.KeyId == oldKey)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.BodyCiphertext, body).SetProperty(m => m.OriginalCiphertext, original).SetProperty(m => m.KeyId, active), cancellationToken);
            rotated++;
        }

        await transaction.CommitAsync(cancellationToken);
        return new RotationBatch(rotated, failed);
    }

    /// <summary>Runs batches until every message that can be is on the active key; logs progress after each batch.</summary>
    public async Task<int> RotateAllAsync(int batchSize, TimeSpan pause, CancellationToken cancellationToken = default)
    {
        var pending = await CountPendingAsync(cancellationToken);
        if (pending == 0)
        {
            return 0;
        }

        logger.LogInformation("Key rotation: {Pending} messages to re-encrypt with key {KeyId}", pending, cipher.ActiveKeyId);
        var skipped = new HashSet<Guid>();
        var done = 0;
        while (true)
        {
            var batch = await RotateBatchAsync(batchSize, skipped, cancellationToken);
            if (batch.Seen == 0)
            {
                break;
            }

            done += batch.Rotated;
            logger.LogInformation("Key rotation: {Done} of {Pending} messages re-encrypted ({Failed} could not be read)", done, pending, skipped.Count);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }
        }

        logger.LogInformation("Key rotation finished: {Done} messages now on key {KeyId}, {Failed} left on their old key", done, cipher.ActiveKeyId, skipped.Count);
        return done;
    }

    private bool TryReEncrypt(byte[]? blob, Guid conversationId, Guid messageId, CipherField field, out byte[]? reEncrypted)
    {
        reEncrypted = null;
        if (blob is null)
        {
            return true;
        }

        if (!cipher.TryDecrypt(blob, conversationId, messageId, field, out var text))
        {
            return false;
        }

        reEncrypted = cipher.Encrypt(text, conversationId, messageId, field);
        return true;
    }
}
