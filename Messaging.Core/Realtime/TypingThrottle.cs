using System.Collections.Concurrent;

namespace Messaging.Core.Realtime;

/// <summary>
/// Coalesces "is typing" per user and conversation: at most <see cref="MaxPerSecond"/> "typing" and as many "stopped"
/// events a second are relayed, the rest dropped. Nothing is lost that matters: clients repeat "typing" every couple
/// of seconds and the receiver's indicator expires by itself; "stopped" has a budget of its own, so a flood of
/// "typing" cannot keep the stop that follows it from clearing the indicator at once.
/// </summary>
public sealed class TypingThrottle(TimeProvider time)
{
    public const int MaxPerSecond = 2;

    private const int SweepAbove = 10_000;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(string UserId, Guid ConversationId, bool IsTyping), DateTimeOffset[]> _recent = new();

    /// <summary>True when this event may be relayed (and counts it), false when it is one too many this second.</summary>
    public bool TryRelay(string userId, Guid conversationId, bool isTyping = true)
    {
        var now = time.GetUtcNow();
        if (_recent.Count > SweepAbove)
        {
            Sweep(now);
        }

        // The times of the last relayed events, oldest first; an event may go when the oldest left the window.
        var recent = _recent.GetOrAdd((userId, conversationId, isTyping), _ => new DateTimeOffset[MaxPerSecond]);
        lock (recent)
        {
            if (now - recent[0] < Window)
            {
                return false;
            }

            Array.Copy(recent, 1, recent, 0, MaxPerSecond - 1);
            recent[^1] = now;
            return true;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, recent) in _recent)
        {
            if (now - recent[^1] > TypingNotifier.Expiry)
            {
                _recent.TryRemove(key, out _);
            }
        }
    }
}
