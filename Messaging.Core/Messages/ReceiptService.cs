using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Messages;

/// <summary>Delivered and read pointers per participant. Pointers only move forward and never past the last message.</summary>
public sealed class ReceiptService(IMessagingDbFactory dbFactory, ConversationAccess access, IChatEventBus bus)
{
    /// <summary>The user has read everything up to <paramref name="sequence"/> (which also means delivered).</summary>
    public async Task<Result<long>> MarkReadAsync(string userId, Guid conversationId, long sequence, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        var conversation = allowed.Value;
        var isCandidate = conversation.CandidateId == userId;
        await using var db = dbFactory.Create();

        // One conditional UPDATE per pointer: concurrent calls can only move it forward. A pointer already at the
        // last message cannot move, so a call past the end changes nothing and publishes nothing.
        var read = isCandidate
            ? await db.Conversations.Where(c => c.Id == conversationId && c.CandidateReadSequence < sequence && c.CandidateReadSequence < c.LastSequence)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.CandidateReadSequence, c => sequence < c.LastSequence ? sequence : c.LastSequence)
                    .SetProperty(c => c.CandidateDeliveredSequence, c => c.CandidateDeliveredSequence > sequence ? c.CandidateDeliveredSequence : (sequence < c.LastSequence ? sequence : c.LastSequence)), cancellationToken)
            : await db.Conversations.Where(c => c.Id == conversationId && c.EmployerReadSequence < sequence && c.EmployerReadSequence < c.LastSequence)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.EmployerReadSequence, c => sequence < c.LastSequence ? sequence : c.LastSequence)
                    .SetProperty(c => c.EmployerDeliveredSequence, c => c.EmployerDeliveredSequence > sequence ? c.EmployerDeliveredSequence : (sequence < c.LastSequence ? sequence : c.LastSequence)), cancellationToken);

        var current = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)
            .Select(c => isCandidate ? c.CandidateReadSequence : c.EmployerReadSequence)
            .FirstAsync(cancellationToken);
        if (read > 0)
        {
            await bus.PublishAsync(new ReadUpTo(conversation, userId, current), cancellationToken);
        }

        return current;
    }

    /// <summary>The user's client has received everything up to <paramref name="sequence"/>.</summary>
    public async Task<Result<long>> MarkDeliveredAsync(string userId, Guid conversationId, long sequence, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        var conversation = allowed.Value;
        var isCandidate = conversation.CandidateId == userId;
        await using var db = dbFactory.Create();
        var moved = isCandidate
            ? await db.Conversations.Where(c => c.Id == conversationId && c.CandidateDeliveredSequence < sequence && c.CandidateDeliveredSequence < c.LastSequence)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.CandidateDeliveredSequence, c => sequence < c.LastSequence ? sequence : c.LastSequence), cancellationToken)
            : await db.Conversations.Where(c => c.Id == conversationId && c.EmployerDeliveredSequence < sequence && c.EmployerDeliveredSequence < c.LastSequence)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.EmployerDeliveredSequence, c => sequence < c.LastSequence ? sequence : c.LastSequence), cancellationToken);

        var current = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)
            .Select(c => isCandidate ? c.CandidateDeliveredSequence : c.EmployerDeliveredSequence)
            .FirstAsync(cancellationToken);
        if (moved > 0)
        {
            await bus.PublishAsync(new DeliveredUpTo(conversation, userId, current), cancellationToken);
        }

        return current;
    }
}
