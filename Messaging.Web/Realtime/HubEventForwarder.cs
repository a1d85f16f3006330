using Messaging.Core.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Messaging.Web.Realtime;

/// <summary>
/// Pushes conversation events from the bus to both participants' hub connections on this instance.
/// The bus already reaches every instance (Redis pub/sub when configured), so each instance sends only to its
/// own connections: a SignalR backplane on top would deliver every event once per instance.
/// </summary>
internal sealed class HubEventForwarder(IChatEventBus bus, IHubContext<ChatHub> hub) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ChatTopics.All sees each event exactly once, whatever topics it is published to.
        _subscription = bus.Subscribe(ChatTopics.All, ForwardAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => Interlocked.Exchange(ref _subscription, null)?.Dispose();

    // Presence is not pushed: a hub client has no list of whom to watch yet. Failures are logged by the dispatcher.
    // A resync reaches every connection of this instance: each catches up its open conversations with Since.
    private Task ForwardAsync(ChatEvent chatEvent) => chatEvent switch
    {
        ConversationEvent conversationEvent when ChatClientMethods.For(conversationEvent) is { } method => hub.Clients
            .Groups(ChatHub.UserGroup(conversationEvent.Conversation.CandidateId), ChatHub.UserGroup(conversationEvent.Conversation.EmployerId))
            .SendAsync(method, conversationEvent),
        ChatResync => hub.Clients.All.SendAsync(ChatClientMethods.Resync),
        _ => Task.CompletedTask,
    };
}
