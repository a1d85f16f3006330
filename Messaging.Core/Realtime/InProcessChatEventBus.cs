namespace Messaging.Core.Realtime;

/// <summary>The bus of a single instance: events go straight into this process's subscribers' inboxes.</summary>
public sealed class InProcessChatEventBus(LocalEventDispatcher dispatcher) : IChatEventBus
{
    public Task PublishAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default)
    {
        dispatcher.Dispatch(chatEvent);
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(string topic, Func<ChatEvent, Task> handler) => dispatcher.Subscribe(topic, handler);
}
