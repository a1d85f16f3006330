using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Messaging.Core.Common;
using Microsoft.Extensions.Options;

namespace Messaging.Core.Moderation;

/// <summary>The <c>RateLimits</c> section: how much one user may do.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    [Range(1, 10_000)]
    public int MessagesPerMinute { get; set; } = 30;

    [Range(1, 10_000)]
    public int ConversationsPerDay { get; set; } = 20;

    /// <summary>Reactions added or taken back in any 10 seconds: each is a write and an event for the other side.</summary>
    [Range(1, 10_000)]
    public int ReactionsPer10Seconds { get; set; } = 10;
}

/// <summary>
/// Sliding-window limits per user, kept in memory on this instance (with several instances each enforces its
/// own share; the limits are generous enough that a user pinned to one instance by sticky sessions is unaffected).
/// </summary>
public sealed class UserRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Kind, string UserId), Queue<DateTime>> _windows = new();

    public Error? TryMessage(string userId) =>
        TryAcquire("message", userId, options.Value.MessagesPerMinute, TimeSpan.FromMinutes(1))
            ? null
            : new Error(ErrorCode.RateLimited, $"You're sending messages too fast (at most {options.Value.MessagesPerMinute} a minute). Wait a moment and try again; your text is kept.");

    public Error? TryConversation(string userId) =>
        TryAcquire("conversation", userId, options.Value.ConversationsPerDay, TimeSpan.FromDays(1))
            ? null
            : new Error(ErrorCode.RateLimited, $"You can start at most {options.Value.ConversationsPerDay} new conversations a day. Try again tomorrow.");

    public Error? TryReaction(string userId) =>
        TryAcquire("reaction", userId, options.Value.ReactionsPer10Seconds, TimeSpan.FromSeconds(10))
            ? null
            : new Error(ErrorCode.RateLimited, $"You're reacting too fast (at most {options.Value.ReactionsPer10Seconds} reactions in 10 seconds). Wait a moment and try again.");

    private bool TryAcquire(string kind, string userId, int limit, TimeSpan window)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var queue = _windows.GetOrAdd((kind, userId), _ => new Queue<DateTime>());
        lock (queue)
        {
            while (queue.Count > 0 && queue.Peek() <= now - window)
            {
                queue.Dequeue();
            }

            if (queue.Count >= limit)
            {
                return false;
            }

            queue.Enqueue(now);
            return true;
        }
    }
}
