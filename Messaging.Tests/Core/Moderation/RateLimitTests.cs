using Messaging.Core.Common;
using Messaging.Core.Moderation;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Tests.Core.Moderation;

public class RateLimitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Sending_past_the_per_minute_limit_is_refused_with_a_clear_message_until_the_window_moves()
    {
        var limiter = new UserRateLimiter(Options.Create(new RateLimitOptions { MessagesPerMinute = 3 }), _time);

        Assert.Null(limiter.TryMessage("dana"));
        Assert.Null(limiter.TryMessage("dana"));
        Assert.Null(limiter.TryMessage("dana"));
        var refused = limiter.TryMessage("dana");

        Assert.Equal(ErrorCode.RateLimited, refused!.Code);
        Assert.Contains("at most 3 a minute", refused.Message);
        Assert.Null(limiter.TryMessage("alice"));
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(limiter.TryMessage("dana"));
    }

    [Fact]
    public void Starting_conversations_is_limited_per_day()
    {
        var limiter = new UserRateLimiter(Options.Create(new RateLimitOptions { ConversationsPerDay = 2 }), _time);

        Assert.Null(limiter.TryConversation("alice"));
        Assert.Null(limiter.TryConversation("alice"));
        Assert.Equal(ErrorCode.RateLimited, limiter.TryConversation("alice")!.Code);
        _time.Advance(TimeSpan.FromHours(23));
        Assert.NotNull(limiter.TryConversation("alice"));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Null(limiter.TryConversation("alice"));
    }
}
