using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Messaging.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Tests.ScaleOut;

/// <summary>The Redis bus between two instances (two service providers) on one Redis.</summary>
public sealed class RedisChatEventBusTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task An_event_published_on_one_instance_reaches_subscribers_on_every_instance_exactly_once()
    {
        // A channel of its own (channelPrefix), so tests sharing the Redis server do not hear each other.
        var redis = $"{TestServers.Redis},channelPrefix=bus-test-{Guid.NewGuid():N}:";
        await using var a = await BusNode.StartAsync(redis);
        await using var b = await BusNode.StartAsync(redis);
        var conversation = new ConversationRef(Guid.NewGuid(), $"candidate-{Guid.NewGuid():N}", $"employer-{Guid.NewGuid():N}");
        using var roomOnA = a.Record(ChatTopics.Conversation(conversation.Id));
        using var listOnA = a.Record(ChatTopics.User(conversation.CandidateId));
        using var everythingOnA = a.Record(ChatTopics.All);
        using var roomOnB = b.Record(ChatTopics.Conversation(conversation.Id));
        using var listOnB = b.Record(ChatTopics.User(conversation.EmployerId));
        using var presenceOnB = b.Record(ChatTopics.Presence(conversation.CandidateId));

        var created = new MessageCreated(conversation, Message(conversation, 1, "Hello from A"));
        var typing = new TypingChanged(conversation, conversation.CandidateId, true);
        var read = new ReadUpTo(conversation, conversation.CandidateId, 1);
        var presence = new PresenceChanged(conversation.CandidateId, PresenceStatus.Away);
        await a.Bus.PublishAsync(created);
        await b.Bus.PublishAsync(typing);
        await b.Bus.PublishAsync(read);
        await a.Bus.PublishAsync(presence);
        // Markers last on each publisher's connection: once both have arrived, everything before them has too.
        var markerFromA = new ConversationChanged(conversation);
        var markerFromB = new ConversationChanged(conversation with { });
        await a.Bus.PublishAsync(markerFromA);
        await b.Bus.PublishAsync(markerFromB);

        foreach (var recorder in new[] { roomOnA, listOnA, roomOnB, listOnB, everythingOnA })
        {
            await recorder.WaitUntilAsync(e => e.OfType<ConversationChanged>().Count() >= 2, "both markers", Wait);
        }

        // Presence travels in another partition than the conversation's events: it has no order with them.
        await presenceOnB.WaitUntilAsync(e => e.Count >= 1, "the presence change", Wait);
        await everythingOnA.WaitUntilAsync(e => e.Contains(presence), "the presence change", Wait);

        // Each subscriber got each event of its topics once, equal to what was published (JSON round trip included).
        Assert.Equal<ChatEvent>([created, typing, read], roomOnA.Events.Where(e => e is not ConversationChanged).OrderBy(Order));
        Assert.Equal<ChatEvent>([created, typing, read], roomOnB.Events.Where(e => e is not ConversationChanged).OrderBy(Order));
        Assert.Equal<ChatEvent>([created, read], listOnA.Events.Where(e => e is not ConversationChanged).OrderBy(Order)); // typing is for rooms only
        Assert.Equal<ChatEvent>([created, read], listOnB.Events.Where(e => e is not ConversationChanged).OrderBy(Order));
        Assert.Equal<ChatEvent>([created, typing, read, presence], everythingOnA.Events.Where(e => e is not ConversationChanged).OrderBy(Order));
        Assert.Equal<ChatEvent>([presence], presenceOnB.Events);
        Assert.All([roomOnA, listOnA, roomOnB, listOnB, everythingOnA], r => Assert.Equal(2, r.Of<ConversationChanged>().Count));
        // Events of one publisher arrive in publishing order.
        Assert.Equal<ChatEvent>([typing, read], roomOnA.Events.Where(e => e is TypingChanged or ReadUpTo));
        Assert.False(a.Bus.IsDegraded);
        Assert.Equal(HealthStatus.Healthy, await a.BusHealthAsync());
    }

    [Fact]
    public async Task Without_Redis_events_stay_on_their_instance_and_a_resync_follows_when_Redis_returns()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BusNode.StartAsync(redis.Endpoint);
        await using var b = await BusNode.StartAsync(redis.Endpoint);
        var conversation = new ConversationRef(Guid.NewGuid(), "candidate", "employer");
        using var onA = a.Record(ChatTopics.Conversation(conversation.Id));
        using var onB = b.Record(ChatTopics.Conversation(conversation.Id));
        using var otherTopicOnB = b.Record(ChatTopics.User("someone-else"));

        await redis.KillAsync();
        await WaitUntilAsync(() => a.Bus.IsDegraded && b.Bus.IsDegraded, "both buses to notice the outage");
        Assert.Equal(HealthStatus.Degraded, await a.BusHealthAsync());

        // Same-instance subscribers still get it, the other instance does not (checked again below, once a later
        // event has reached it).
        var duringOutage = new MessageCreated(conversation, Message(conversation, 1, "Redis is down"));
        await a.Bus.PublishAsync(duringOutage);
        await onA.WaitUntilAsync(e => e.Contains(duringOutage), "the event on its own instance", Wait);
        Assert.Equal<ChatEvent>([duringOutage], onA.Events);

        await redis.StartAgainAsync();
        await WaitUntilAsync(() => !a.Bus.IsDegraded && !b.Bus.IsDegraded, "both buses to recover", TimeSpan.FromSeconds(30));
        // Every subscriber on both instances, whatever its topic, is told to catch up.
        foreach (var recorder in new[] { onA, onB, otherTopicOnB })
        {
            await recorder.WaitUntilAsync(e => e.OfType<ChatResync>().Any(), "a resync", Wait);
        }

        Assert.Equal(HealthStatus.Healthy, await a.BusHealthAsync());
        var afterwards = new MessageCreated(conversation, Message(conversation, 2, "Back to normal"));
        await b.Bus.PublishAsync(afterwards);
        await onA.WaitUntilAsync(e => e.Contains(afterwards), "the next event on A", Wait);
        await onB.WaitUntilAsync(e => e.Contains(afterwards), "the next event on B", Wait);
        Assert.Single(onA.Events, e => e.Equals(duringOutage));
        Assert.Single(onA.Events, e => e.Equals(afterwards));
        Assert.Single(onB.Events, e => e.Equals(afterwards));
        Assert.DoesNotContain(duringOutage, onB.Events);
        // One announcement per recovered instance at most.
        Assert.InRange(onB.Of<ChatResync>().Count, 1, 2);
    }

    private static int Order(ChatEvent e) => e switch
    {
        MessageCreated => 0,
        TypingChanged => 1,
        ReadUpTo => 2,
        _ => 3,
    };

    private static MessageView Message(ConversationRef conversation, long sequence, string body) =>
        new(Guid.NewGuid(), conversation.Id, sequence, conversation.EmployerId, Guid.NewGuid(), MessageType.Text, body,
            new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc), null, false, false, null, ModerationOutcome.Allow);

    private static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? Wait);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
