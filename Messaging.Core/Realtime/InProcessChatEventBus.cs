namespace Messaging.Core.Realtime;

/// <summary>The bus of a single instance: events go straight to this process's subscribers.</summary>
public sealed class InProcessChatEventBus(LocalEventDispatcher dispatcher) : IChatEventBus
{
    public Task PublishAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default) => dispatcher.DispatchAsync(chatEvent);

    public IDisposable Subscribe(string topic, Func<ChatEvent, Task> handler) => dispatcher.Subscribe(topic, handler);
}
