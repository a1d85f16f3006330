using Messaging.Core.Common;
using Messaging.Core.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Messages;

/// <summary>
/// Computes the search filters of messages stored before messages had one (their <see cref="Message.SearchFilter"/> is
/// null): decrypts each shown text and hashes its words. Keeps no state of its own, so it resumes after a restart;
/// the filtered index IX_Messages_SearchFilterPending finds the rows, and holds nothing once they are done.
/// </summary>
public sealed class SearchFilterBackfill(IMessagingDbFactory dbFactory, MessageCipher cipher, BlindIndex blindIndex, ILogger<SearchFilterBackfill> logger)
{
    /// <summary>Fills in up to <paramref name="batchSize"/> filters in one transaction; returns how many.</summary>
    public async Task<int> FillBatchAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var messages = await db.Messages.AsNoTracking().Where(m => m.SearchFilter == null).OrderBy(m => m.Id).Take(batchSize)
            .Select(m => new { m.Id, m.ConversationId, m.BodyCiphertext, m.DeletedAt, m.RemovedAt })
            .ToListAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var message in messages)
        {
            // A text that no longer decrypts (a retired key) is not findable; it is still marked done.
            var filter = message.DeletedAt is null && message.RemovedAt is null
                && message.BodyCiphertext is { } body && cipher.TryDecrypt(body, message.ConversationId, message.Id, CipherField.Body, out var text)
                ? blindIndex.Filter(message.ConversationId, text)
                : [];

            // Only if no edit or delete has set it meanwhile: theirs is from the newer text.
            await db.Messages.Where(m => m.Id == message.Id && m.SearchFilter == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.SearchFilter, filter), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return messages.Count;
    }

    /// <summary>Runs batches until no message lacks its filter.</summary>
    public async Task<int> FillAllAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        var done = 0;
        for (int filled; (filled = await FillBatchAsync(batchSize, cancellationToken)) > 0;)
        {
            done += filled;
            logger.LogInformation("Search filters: {Done} older messages indexed so far", done);
        }

        if (done > 0)
        {
            logger.LogInformation("Search filters: done, {Done} older messages indexed", done);
        }

        return done;
    }
}
