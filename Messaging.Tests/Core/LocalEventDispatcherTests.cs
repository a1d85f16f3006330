using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Messaging.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Tests.Core;

/// <summary>
/// The in-process fan-out: topics, unsubscribing, the "*" topic, and above all that nobody waits for a subscriber:
/// one that never finishes or throws holds up nobody else, and one that falls too far behind is cut off and resyncs.
/// </summary>
public class LocalEventDispatcherTests
{
    private static readonly ConversationRef Conversation = new(Guid.NewGuid(), "dana", "alice");

    private readonly LocalEventDispatcher _dispatcher = new(NullLogger<LocalEventDispatcher>.Instance);

    [Fact]
    public async Task Subscribers_of_a_topic_receive_its_events_and_others_do_not()
    {
        var room = new Recorder();
        var danasList = new Recorder();
        var otherRoom = new Recorder();
        using var a = _dispatcher.Subscribe(ChatTopics.Conversation(Conversation.Id), room.Handle);
        using var b = _dispatcher.Subscribe(ChatTopics.User("dana"), danasList.Handle);
        using var c = _dispatcher.Subscribe(ChatTopics.Conversation(Guid.NewGuid()), otherRoom.Handle);
        var typing = new TypingChanged(Conversation, "dana", true);
        var changed = new ConversationChanged(Conversation);

        _dispatcher.Dispatch(typing);
        _dispatcher.Dispatch(changed);

        Assert.Equal<ChatEvent>([typing, changed], await room.WaitForCountAsync(2));
        Assert.Equal<ChatEvent>([changed], await danasList.WaitForCountAsync(1)); // typing goes to the room only
        Assert.Empty(otherRoom.Events);
    }

    [Fact]
    public async Task Dispatching_to_all_reaches_every_subscription_once_whatever_its_topic()
    {
        var room = new Recorder();
        var list = new Recorder();
        var everything = new Recorder();
        var gone = new Recorder();
        using var a = _dispatcher.Subscribe(ChatTopics.Conversation(Conversation.Id), room.Handle);
        using var b = _dispatcher.Subscribe(ChatTopics.User("dana"), list.Handle);
        using var c = _dispatcher.Subscribe(ChatTopics.All, everything.Handle);
        _dispatcher.Subscribe(ChatTopics.Presence("dana"), gone.Handle).Dispose();
        var resync = new ChatResync();

        _dispatcher.DispatchToAll(resync);

        Assert.Equal<ChatEvent>([resync], await room.WaitForCountAsync(1));
        Assert.Equal<ChatEvent>([resync], await list.WaitForCountAsync(1));
        Assert.Equal<ChatEvent>([resync], await everything.WaitForCountAsync(1));
        Assert.Empty(gone.Events);
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
        var kept = new Recorder();
        var dropped = new Recorder();
        var topic = ChatTopics.Presence("dana");
        using var keep = _dispatcher.Subscribe(topic, kept.Handle);
        var drop = _dispatcher.Subscribe(topic, dropped.Handle);
        var other = _dispatcher.Subscribe(ChatTopics.Presence("alice"), dropped.Handle);
        Assert.Equal(3, _dispatcher.SubscriptionCount);

        drop.Dispose();
        drop.Dispose(); // a second dispose is harmless
        other.Dispose();
        _dispatcher.Dispatch(new PresenceChanged("dana", PresenceStatus.Online));
        _dispatcher.Dispatch(new PresenceChanged("alice", PresenceStatus.Online));
        _dispatcher.Dispatch(new PresenceChanged("dana", PresenceStatus.Away));

        // Once the later event reached the kept subscriber, the earlier ones have been handed out too.
        await kept.WaitForCountAsync(2);
        Assert.Equal(1, _dispatcher.SubscriptionCount);
        Assert.Empty(dropped.Events);
    }

    [Fact]
    public async Task The_all_topic_receives_every_event_once_in_order()
    {
        var all = new Recorder();
        using var subscription = _dispatcher.Subscribe(ChatTopics.All, all.Handle);
        ChatEvent[] events =
        [
            new ConversationChanged(Conversation),
            new TypingChanged(Conversation, "alice", false),
            new ReadUpTo(Conversation, "dana", 4),
            new PresenceChanged("alice", PresenceStatus.Away),
        ];

        foreach (var chatEvent in events)
        {
            _dispatcher.Dispatch(chatEvent);
        }

        Assert.Equal(events, await all.WaitForCountAsync(events.Length));
    }

    [Fact]
    public async Task A_subscriber_that_never_finishes_delays_neither_the_publisher_nor_anyone_else()
    {
        var topic = ChatTopics.Conversation(Conversation.Id);
        var stuckCalls = 0;
        var never = new TaskCompletionSource();
        using var stuck = _dispatcher.Subscribe(topic, _ =>
        {
            Interlocked.Increment(ref stuckCalls);
            return never.Task; // a circuit waiting on a browser that is gone
        });
        var healthy = new Recorder();
        using var room = _dispatcher.Subscribe(topic, healthy.Handle);
        var everything = new Recorder();
        using var forwarder = _dispatcher.Subscribe(ChatTopics.All, everything.Handle);
        var events = Enumerable.Range(1, LocalEventDispatcher.InboxCapacity + 200).Select(i => (ChatEvent)new ReadUpTo(Conversation, "dana", i)).ToArray();

        // More events than the stuck one's inbox holds, in bursts the healthy ones keep up with: every publish
        // returns at once, and every healthy subscriber gets every event, in order, while one has not got past the first.
        foreach (var burst in events.Chunk(100))
        {
            foreach (var chatEvent in burst)
            {
                _dispatcher.Dispatch(chatEvent);
            }

            await healthy.WaitForAsync(e => e.Count > 0 && e[^1] == burst[^1]);
        }

        Assert.Equal(events, await healthy.WaitForCountAsync(events.Length));
        Assert.Equal(events, await everything.WaitForCountAsync(events.Length));
        Assert.Equal(1, Volatile.Read(ref stuckCalls));
        Assert.Equal(1, _dispatcher.CutOffCount);
    }

    [Fact]
    public async Task A_throwing_subscriber_does_not_stop_the_others_and_keeps_getting_later_events()
    {
        var received = new Recorder();
        var topic = ChatTopics.Conversation(Conversation.Id);
        var thrownFor = 0;
        using var throwsAtOnce = _dispatcher.Subscribe(topic, _ =>
        {
            Interlocked.Increment(ref thrownFor);
            throw new InvalidOperationException("boom");
        });
        using var faults = _dispatcher.Subscribe(topic, async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("later boom");
        });
        using var healthy = _dispatcher.Subscribe(topic, received.Handle);
        var first = new ConversationChanged(Conversation);
        var second = new TypingChanged(Conversation, "alice", true);

        _dispatcher.Dispatch(first);
        _dispatcher.Dispatch(second);

        Assert.Equal<ChatEvent>([first, second], await received.WaitForCountAsync(2));
        await Eventually.TrueAsync(() => Volatile.Read(ref thrownFor) == 2);
    }

    [Fact]
    public async Task A_subscriber_that_fell_too_far_behind_is_cut_off_and_resyncs_when_it_comes_back()
    {
        var topic = ChatTopics.Conversation(Conversation.Id);
        var release = new TaskCompletionSource();
        var slow = new Recorder();
        using var subscription = _dispatcher.Subscribe(topic, async e =>
        {
            await slow.Handle(e);
            if (slow.Events.Count == 1)
            {
                await release.Task; // busy with the first event while the rest pile up
            }
        });

        _dispatcher.Dispatch(new ReadUpTo(Conversation, "dana", 1));
        await slow.WaitForCountAsync(1);
        for (var i = 2; i <= LocalEventDispatcher.InboxCapacity + 100; i++)
        {
            _dispatcher.Dispatch(new ReadUpTo(Conversation, "dana", i));
        }

        await Eventually.TrueAsync(() => _dispatcher.CutOffCount == 1);
        release.SetResult();
        var after = new ReadUpTo(Conversation, "dana", 10_000);
        var events = await slow.WaitForAsync(e => e.Any(x => x is ChatResync));
        _dispatcher.Dispatch(after);
        events = await slow.WaitForAsync(e => e.Contains(after));

        // The first event, then (what was queued dropped) one resync instead, then live events again.
        Assert.Equal(new ReadUpTo(Conversation, "dana", 1), events[0]);
        Assert.IsType<ChatResync>(events[1]);
        Assert.Equal<ChatEvent>([events[0], events[1], after], events);
    }

    [Fact]
    public async Task Resyncs_waiting_in_an_inbox_coalesce_into_one()
    {
        var release = new TaskCompletionSource();
        var received = new Recorder();
        using var subscription = _dispatcher.Subscribe(ChatTopics.User("dana"), async e =>
        {
            await received.Handle(e);
            await release.Task;
        });
        var first = new ConversationChanged(Conversation);
        _dispatcher.Dispatch(first);
        await received.WaitForCountAsync(1);

        for (var i = 0; i < 5; i++)
        {
            _dispatcher.DispatchToAll(new ChatResync()); // five instances announcing the same recovery
        }

        release.SetResult();
        var after = new ReadUpTo(Conversation, "dana", 9);
        _dispatcher.Dispatch(after);
        var events = await received.WaitForAsync(e => e.Contains(after));

        // The first event, one catch-up for all five, then live again.
        Assert.Equal<ChatEvent>([first, new ChatResync(), after], events);
    }

    [Fact]
    public async Task Events_posted_from_many_threads_at_once_all_arrive()
    {
        var received = new Recorder();
        using var subscription = _dispatcher.Subscribe(ChatTopics.All, received.Handle);
        const int threads = 8, each = 2_000;

        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < each; i++)
            {
                _dispatcher.Dispatch(new ReadUpTo(Conversation, $"user-{t}", i));
                if (i % 50 == 0)
                {
                    Thread.Yield(); // let the worker run dry now and then, where a lost wake-up would strand an event
                }
            }
        })));

        var events = await received.WaitForCountAsync(threads * each);
        Assert.Equal(threads * each, events.Count);
        foreach (var group in events.Cast<ReadUpTo>().GroupBy(e => e.UserId))
        {
            Assert.Equal(Enumerable.Range(0, each).Select(i => (long)i), group.Select(e => e.Sequence)); // each thread's in order
        }
    }

    [Fact]
    public async Task The_in_process_bus_publishes_without_waiting_for_its_subscribers()
    {
        var bus = new InProcessChatEventBus(_dispatcher);
        using var stuck = bus.Subscribe(ChatTopics.User("alice"), _ => new TaskCompletionSource().Task);
        using var probe = new EventProbe(bus, ChatTopics.User("alice"));

        await bus.PublishAsync(new ReadUpTo(Conversation, "dana", 7)).WaitAsync(TimeSpan.FromSeconds(5));

        var read = await probe.WaitForAsync<ReadUpTo>();
        Assert.Equal(7, read.Sequence);
        Assert.Equal(2, _dispatcher.SubscriptionCount);
    }

    /// <summary>Records what a subscriber receives and lets a test wait, with a time limit, until it has enough.</summary>
    private sealed class Recorder
    {
        private readonly List<ChatEvent> _events = [];

        public IReadOnlyList<ChatEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public Task Handle(ChatEvent chatEvent)
        {
            lock (_events)
            {
                _events.Add(chatEvent);
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<ChatEvent>> WaitForCountAsync(int count) => WaitForAsync(e => e.Count >= count);

        public async Task<IReadOnlyList<ChatEvent>> WaitForAsync(Func<IReadOnlyList<ChatEvent>, bool> condition)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                var events = Events;
                if (condition(events))
                {
                    return events;
                }

                await Task.Delay(5, timeout.Token);
            }
        }
    }
}
