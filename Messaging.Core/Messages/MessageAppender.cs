using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Messages;

/// <summary>
/// Appends a prepared, service-made message (an interview invitation, a system note) on the same sequence path as
/// <see cref="MessageService"/>: the conversation row locked, the next sequence taken, the body sealed, rows that
/// belong with it stored in the same transaction. Moderation and rate limits are the caller's business.
/// </summary>
internal static class MessageAppender
{
    private const int MaxSequenceAttempts = 20;

    /// <param name="actorId">The participant whose action made the message; it counts as read for them.</param>
    /// <param name="related">
    /// Adds or changes rows stored with the message, inside the transaction (called again on each retry, after a
    /// cleared change tracker); an error it returns rolls everything back and is the answer.
    /// </param>
    public static async Task<Result<(Message Message, ConversationRef Conversation)>> AppendAsync(
        IMessagingDb db, MessageCipher cipher, BlindIndex blindIndex, TimeProvider time, ILogger logger,
        Guid conversationId, string? senderId, string actorId, MessageType type, string body,
        Func<IMessagingDb, Message, Task<Error?>>? related, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Conversations
                .Where(c => c.Id == conversationId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSequence, c => c.LastSequence), cancellationToken);

            var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
            if (conversation is null || !conversation.IsParticipant(actorId))
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
                Id = Guid.CreateVersion7(),
                ConversationId = conversationId,
                Sequence = conversation.LastSequence + 1,
                SenderId = senderId,
                ClientMessageId = Guid.NewGuid(),
                Type = type,
                CreatedAt = now,
            };
            cipher.Seal(message, body, null);
            db.MessageSearchTokens.AddRange(blindIndex.For(message, body));

            conversation.LastSequence = message.Sequence;
            conversation.LastActivityAt = now;
            conversation.CandidateArchivedAt = null;
            conversation.EmployerArchivedAt = null;
            if (actorId == conversation.CandidateId)
            {
                conversation.CandidateReadSequence = message.Sequence;
                conversation.CandidateDeliveredSequence = message.Sequence;
            }
            else
            {
                conversation.EmployerReadSequence = message.Sequence;
                conversation.EmployerDeliveredSequence = message.Sequence;
            }

            db.Messages.Add(message);
            if (related is not null)
            {
                if (await related(db, message) is { } refused)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    return refused;
                }
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < MaxSequenceAttempts)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                logger.LogDebug(ex, "Sequence conflict in {ConversationId}, attempt {Attempt}", conversationId, attempt);
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
                continue;
            }

            return (message, new ConversationRef(conversation.Id, conversation.CandidateId, conversation.EmployerId));
        }
    }
}
