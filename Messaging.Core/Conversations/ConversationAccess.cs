using Messaging.Core.Common;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Messaging.Core.Conversations;

/// <summary>
/// Who takes part in a conversation. Participants never change, so the answer is cached: the typing
/// indicator and other chatty calls check access without a database round trip.
/// </summary>
public sealed class ConversationAccess(IMessagingDbFactory dbFactory, IMemoryCache cache)
{
    private static readonly MemoryCacheEntryOptions CacheOptions = new() { SlidingExpiration = TimeSpan.FromMinutes(10), Size = 1 };

    /// <summary>The conversation's participants when <paramref name="userId"/> is one of them, else an error.</summary>
    public async Task<Result<ConversationRef>> RequireParticipantAsync(string userId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        var key = ("conversation-ref", conversationId);
        if (!cache.TryGetValue(key, out ConversationRef conversation))
        {
            await using var db = dbFactory.Create();
            var found = await db.Conversations.AsNoTracking()
                .Where(c => c.Id == conversationId)
                .Select(c => new { c.CandidateId, c.EmployerId })
                .FirstOrDefaultAsync(cancellationToken);
            if (found is null)
            {
                // Same answer as for someone else's conversation: existence is not revealed.
                return Error.NotParticipant();
            }

            conversation = new ConversationRef(conversationId, found.CandidateId, found.EmployerId);
            cache.Set(key, conversation, CacheOptions);
        }

        return conversation.Includes(userId) ? conversation : Error.NotParticipant();
    }
}
