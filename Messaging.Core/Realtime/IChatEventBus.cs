namespace Messaging.Core.Realtime;

/// <summary>
/// Publishes chat events to every subscriber of their topics, on this instance and (with Redis) on every
/// other. Delivery is best effort and at most once: clients close gaps by catching up from sequences.
/// </summary>
public interface IChatEventBus
{
    Task PublishAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default);

    /// <summary>Subscribes to one topic (see <see cref="ChatTopics"/>); dispose the result to unsubscribe.</summary>
    IDisposable Subscribe(string topic, Func<ChatEvent, Task> handler);
}
