using Messaging.Core.Realtime;
using Messaging.Web.Circuits;
using Messaging.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Tests.Web;

/// <summary>A tab whose connection is down costs the bus nothing, and catches up when it comes back.</summary>
public class CircuitEventBusTests
{
    private static readonly ConversationRef Conversation = new(Guid.NewGuid(), "dana", "alice");

    private readonly LocalEventDispatcher _dispatcher = new(NullLogger<LocalEventDispatcher>.Instance);

    [Fact]
    public async Task While_the_connection_is_down_nothing_is_subscribed_and_on_reconnect_each_subscription_resyncs()
    {
        var inner = new InProcessChatEventBus(_dispatcher);
        using var circuit = new CircuitEventBus(inner, NullLogger<CircuitEventBus>.Instance);
        var room = new List<ChatEvent>();
        using var subscription = circuit.Subscribe(ChatTopics.Conversation(Conversation.Id), e =>
        {
            lock (room)
            {
                room.Add(e);
            }

            return Task.CompletedTask;
        });
        Assert.Equal(1, _dispatcher.SubscriptionCount);

        circuit.ConnectionDown();
        Assert.Equal(0, _dispatcher.SubscriptionCount);
        await inner.PublishAsync(new ConversationChanged(Conversation));

        circuit.ConnectionUp();
        Assert.Equal(1, _dispatcher.SubscriptionCount);
        var live = new TypingChanged(Conversation, "alice", true);
        await inner.PublishAsync(live);

        await Eventually.TrueAsync(() => Snapshot(room).Count == 2);
        var events = Snapshot(room);
        Assert.Contains(events, e => e is ChatResync);
        Assert.Contains(live, events);
        Assert.DoesNotContain(events, e => e is ConversationChanged); // published while down: the resync covers it
    }

    [Fact]
    public void A_subscription_disposed_while_down_is_not_attached_again()
    {
        using var circuit = new CircuitEventBus(new InProcessChatEventBus(_dispatcher), NullLogger<CircuitEventBus>.Instance);
        var subscription = circuit.Subscribe(ChatTopics.User("dana"), _ => Task.CompletedTask);

        circuit.ConnectionDown();
        subscription.Dispose();
        circuit.ConnectionUp();

        Assert.Equal(0, _dispatcher.SubscriptionCount);
    }

    [Fact]
    public void After_the_circuit_is_gone_nothing_attaches_to_the_bus()
    {
        var circuit = new CircuitEventBus(new InProcessChatEventBus(_dispatcher), NullLogger<CircuitEventBus>.Instance);
        circuit.Dispose();

        using var late = circuit.Subscribe(ChatTopics.User("dana"), _ => Task.CompletedTask); // work that outlived the circuit

        Assert.Equal(0, _dispatcher.SubscriptionCount);
    }

    private static List<ChatEvent> Snapshot(List<ChatEvent> events)
    {
        lock (events)
        {
            return [.. events];
        }
    }
}
