using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Realtime;

/// <summary>
/// Hands an event to this instance's subscribers of its topics, in subscription order. A failing handler is
/// logged and does not stop the others. Shared by the in-process bus and the Redis bus.
/// </summary>
public sealed class LocalEventDispatcher(ILogger<LocalEventDispatcher> logger)
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Subscription>> _subscriptions = new();

    public int SubscriptionCount => _subscriptions.Values.Sum(s => s.Length);

    public IDisposable Subscribe(string topic, Func<ChatEvent, Task> handler)
    {
        var subscription = new Subscription(this, topic, handler);
        _subscriptions.AddOrUpdate(topic, _ => [subscription], (_, list) => list.Add(subscription));
        return subscription;
    }

    public async Task DispatchAsync(ChatEvent chatEvent)
    {
        foreach (var topic in chatEvent.Topics().Append(ChatTopics.All))
        {
            if (!_subscriptions.TryGetValue(topic, out var subscribers))
            {
                continue;
            }

            foreach (var subscriber in subscribers)
            {
                try
                {
                    await subscriber.Handler(chatEvent);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "A subscriber of {Topic} failed on {Event}", topic, chatEvent.GetType().Name);
                }
            }
        }
    }

    /// <summary>
    /// Hands an event to every subscription on this instance, once each, whatever its topic (used for
    /// <see cref="ChatResync"/>). Subscriptions added meanwhile may or may not get it.
    /// </summary>
    public async Task DispatchToAllAsync(ChatEvent chatEvent)
    {
        foreach (var (topic, subscribers) in _subscriptions.ToArray())
        {
            foreach (var subscriber in subscribers)
            {
                try
                {
                    await subscriber.Handler(chatEvent);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "A subscriber of {Topic} failed on {Event}", topic, chatEvent.GetType().Name);
                }
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        while (_subscriptions.TryGetValue(subscription.Topic, out var list))
        {
            var updated = list.Remove(subscription);
            var done = updated.IsEmpty
                ? _subscriptions.TryRemove(new KeyValuePair<string, ImmutableArray<Subscription>>(subscription.Topic, list))
                : _subscriptions.TryUpdate(subscription.Topic, updated, list);
            if (done)
            {
                return;
            }
        }
    }

    private sealed class Subscription(LocalEventDispatcher owner, string topic, Func<ChatEvent, Task> handler) : IDisposable
    {
        private int _disposed;

        public string Topic { get; } = topic;

        public Func<ChatEvent, Task> Handler { get; } = handler;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }
}
