using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Tests.Core;

/// <summary>The in-process fan-out: topics, unsubscribing, failing subscribers and the "*" topic.</summary>
public class LocalEventDispatcherTests
{
    private static readonly ConversationRef Conversation = new(Guid.NewGuid(), "dana", "alice");

    private readonly LocalEventDispatcher _dispatcher = new(NullLogger<LocalEventDispatcher>.Instance);

    [Fact]
    public async Task Subscribers_of_a_topic_receive_its_events_and_others_do_not()
    {
        var room = new List<ChatEvent>();
        var danasList = new List<ChatEvent>();
        var otherRoom = new List<ChatEvent>();
        using var a = _dispatcher.Subscribe(ChatTopics.Conversation(Conversation.Id), Record(room));
        using var b = _dispatcher.Subscribe(ChatTopics.User("dana"), Record(danasList));
        using var c = _dispatcher.Subscribe(ChatTopics.Conversation(Guid.NewGuid()), Record(otherRoom));
        var typing = new TypingChanged(Conversation, "dana", true);
        var changed = new ConversationChanged(Conversation);

        await _dispatcher.DispatchAsync(typing);
        await _dispatcher.DispatchAsync(changed);

        Assert.Equal<ChatEvent>([typing, changed], room);
        Assert.Equal<ChatEvent>([changed], danasList); // typing goes to the room only
        Assert.Empty(otherRoom);
    }

    [Fact]
    public async Task Subscribers_of_one_topic_are_called_in_subscription_order()
    {
        var calls = new List<int>();
        var topic = ChatTopics.Presence("dana");
        using var first = _dispatcher.Subscribe(topic, _ => { calls.Add(1); return Task.CompletedTask; });
        using var second = _dispatcher.Subscribe(topic, _ => { calls.Add(2); return Task.CompletedTask; });
        using var third = _dispatcher.Subscribe(topic, _ => { calls.Add(3); return Task.CompletedTask; });

        await _dispatcher.DispatchAsync(new PresenceChanged("dana", PresenceStatus.Online));

        Assert.Equal([1, 2, 3], calls);
    }

    [Fact]
    public async Task Dispatching_to_all_reaches_every_subscription_once_whatever_its_topic()
    {
        var room = new List<ChatEvent>();
        var list = new List<ChatEvent>();
        var everything = new List<ChatEvent>();
        var gone = new List<ChatEvent>();
        using var a = _dispatcher.Subscribe(ChatTopics.Conversation(Conversation.Id), Record(room));
        using var b = _dispatcher.Subscribe(ChatTopics.User("dana"), Record(list));
        using var c = _dispatcher.Subscribe(ChatTopics.All, Record(everything));
        _dispatcher.Subscribe(ChatTopics.Presence("dana"), Record(gone)).Dispose();
        var resync = new ChatResync();

        await _dispatcher.DispatchToAllAsync(resync);

        Assert.Equal<ChatEvent>([resync], room);
        Assert.Equal<ChatEvent>([resync], list);
        Assert.Equal<ChatEvent>([resync], everything);
        Assert.Empty(gone);
    }

    [Fact]
    public void Every_event_survives_a_JSON_round_trip_as_a_ChatEvent()
    {
        var message = new Messaging.Core.Messages.MessageView(Guid.NewGuid(), Conversation.Id, 3, "alice", Guid.NewGuid(), Messaging.Core.Messages.MessageType.Text,
            "Hello", new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc), null, false, false, null, Messaging.Core.Moderation.ModerationOutcome.Allow);
        ChatEvent[] events =
        [
            new MessageCreated(Conversation, message), new MessageUpdated(Conversation, message with { IsDeleted = true, Body = null }),
            new ReadUpTo(Conversation, "dana", 3), new DeliveredUpTo(Conversation, "dana", 3), new TypingChanged(Conversation, "dana", true),
            new ConversationChanged(Conversation), new PresenceChanged("dana", PresenceStatus.Away), new UserSuspended("dana"), new ChatResync(),
        ];

        foreach (var chatEvent in events)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(chatEvent);
            Assert.Equal(chatEvent, System.Text.Json.JsonSerializer.Deserialize<ChatEvent>(json));
        }
    }

    [Fact]
    public async Task Disposing_a_subscription_unsubscribes_it()
    {
        var kept = new List<ChatEvent>();
        var dropped = new List<ChatEvent>();
        var topic = ChatTopics.Presence("dana");
        using var keep = _dispatcher.Subscribe(topic, Record(kept));
        var drop = _dispatcher.Subscribe(topic, Record(dropped));
        var other = _dispatcher.Subscribe(ChatTopics.Presence("alice"), Record(dropped));
        Assert.Equal(3, _dispatcher.SubscriptionCount);

        drop.Dispose();
        drop.Dispose(); // a second dispose is harmless
        other.Dispose();
        await _dispatcher.DispatchAsync(new PresenceChanged("dana", PresenceStatus.Online));
        await _dispatcher.DispatchAsync(new PresenceChanged("alice", PresenceStatus.Online));

        Assert.Equal(1, _dispatcher.SubscriptionCount);
        Assert.Single(kept);
        Assert.Empty(dropped);
    }

    [Fact]
    public async Task A_throwing_subscriber_does_not_stop_the_others()
    {
        var received = new List<ChatEvent>();
        var topic = ChatTopics.Conversation(Conversation.Id);
        using var throwsAtOnce = _dispatcher.Subscribe(topic, _ => throw new InvalidOperationException("boom"));
        using var faults = _dispatcher.Subscribe(topic, async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("later boom");
        });
        using var healthy = _dispatcher.Subscribe(topic, Record(received));
        using var everything = _dispatcher.Subscribe(ChatTopics.All, Record(received));
        var changed = new ConversationChanged(Conversation);

        await _dispatcher.DispatchAsync(changed);

        Assert.Equal<ChatEvent>([changed, changed], received);
    }

    [Fact]
    public async Task The_all_topic_receives_every_event_once()
    {
        var all = new List<ChatEvent>();
        using var subscription = _dispatcher.Subscribe(ChatTopics.All, Record(all));
        ChatEvent[] events =
        [
            new ConversationChanged(Conversation),
            new TypingChanged(Conversation, "alice", false),
            new ReadUpTo(Conversation, "dana", 4),
            new PresenceChanged("alice", PresenceStatus.Away),
        ];

        foreach (var chatEvent in events)
        {
            await _dispatcher.DispatchAsync(chatEvent);
        }

        Assert.Equal(events, all);
    }

    [Fact]
    public async Task The_in_process_bus_delivers_through_the_dispatcher()
    {
        var bus = new InProcessChatEventBus(_dispatcher);
        using var probe = new EventProbe(bus, ChatTopics.User("alice"));

        await bus.PublishAsync(new ReadUpTo(Conversation, "dana", 7));

        var read = await probe.WaitForAsync<ReadUpTo>();
        Assert.Equal(7, read.Sequence);
        Assert.Equal(1, _dispatcher.SubscriptionCount);
    }

    private static Func<ChatEvent, Task> Record(List<ChatEvent> into) => e =>
    {
        lock (into)
        {
            into.Add(e);
        }

        return Task.CompletedTask;
    };
}
