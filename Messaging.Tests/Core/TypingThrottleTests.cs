using Messaging.Core.Realtime;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Tests.Core;

public class TypingThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void At_most_two_events_a_second_are_relayed_per_user_and_conversation()
    {
        var throttle = new TypingThrottle(_time);
        var conversation = Guid.NewGuid();

        var first = Enumerable.Range(0, 50).Count(_ => throttle.TryRelay("u1", conversation));
        var otherConversation = throttle.TryRelay("u1", Guid.NewGuid());
        var otherUser = throttle.TryRelay("u2", conversation);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        var tooSoon = throttle.TryRelay("u1", conversation);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var next = Enumerable.Range(0, 50).Count(_ => throttle.TryRelay("u1", conversation));

        Assert.Equal(TypingThrottle.MaxPerSecond, first);
        Assert.True(otherConversation);
        Assert.True(otherUser);
        Assert.False(tooSoon);
        Assert.Equal(TypingThrottle.MaxPerSecond, next);
    }

    [Fact]
    public void A_typist_at_the_clients_pace_is_never_held_back()
    {
        var throttle = new TypingThrottle(_time);
        var conversation = Guid.NewGuid();

        for (var i = 0; i < 20; i++)
        {
            Assert.True(throttle.TryRelay("u1", conversation));
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }
    }

    [Fact]
    public void A_flood_of_typing_does_not_hold_back_the_stop_that_follows_it()
    {
        var throttle = new TypingThrottle(_time);
        var conversation = Guid.NewGuid();
        Assert.Equal(TypingThrottle.MaxPerSecond, Enumerable.Range(0, 50).Count(_ => throttle.TryRelay("u1", conversation, isTyping: true)));

        Assert.True(throttle.TryRelay("u1", conversation, isTyping: false));
        Assert.Equal(TypingThrottle.MaxPerSecond - 1, Enumerable.Range(0, 50).Count(_ => throttle.TryRelay("u1", conversation, isTyping: false)));
    }
}
