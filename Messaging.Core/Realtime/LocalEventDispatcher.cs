using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Realtime;

/// <summary>
/// Hands an event to this instance's subscribers of its topics without waiting for any of them. Each subscription
/// has its own bounded inbox, applied in order by one worker at a time, so a subscriber sees its events in the
/// order they were dispatched (and so in sequence order per conversation). A subscriber that is slow, stuck or
/// dead holds up only itself: once its inbox is full it is cut off (what is queued is dropped, nothing more is
/// queued), and when it gets through its current event it receives a <see cref="ChatResync"/> and catches up from
/// its last sequence. Shared by the in-process bus and the Redis bus.
/// </summary>
public sealed class LocalEventDispatcher(ILogger<LocalEventDispatcher> logger)
{
    /// <summary>Events one subscriber may have waiting before it is cut off.</summary>
    public const int InboxCapacity = 512;

    /// <summary>
    /// The inbox of a bridge to every event (the hub forwarder): it carries the whole instance's traffic, so it is
    /// larger, but still bounded.
    /// </summary>
    public const int AllTopicInboxCapacity = 65_536;

    private readonly ConcurrentDictionary<string, ImmutableArray<Subscription>> _subscriptions = new();
    private long _cutOffs;

    public int SubscriptionCount => _subscriptions.Values.Sum(s => s.Length);

    /// <summary>How many times a subscriber's inbox overflowed and it was cut off (for health and tests).</summary>
    public long CutOffCount => Interlocked.Read(ref _cutOffs);

    public IDisposable Subscribe(string topic, Func<ChatEvent, Task> handler)
    {
        var subscription = new Subscription(this, topic, handler, topic == ChatTopics.All ? AllTopicInboxCapacity : InboxCapacity);
        _subscriptions.AddOrUpdate(topic, _ => [subscription], (_, list) => list.Add(subscription));
        return subscription;
    }

    /// <summary>Queues the event for every subscriber of its topics (and of <see cref="ChatTopics.All"/>); returns at once.</summary>
    public void Dispatch(ChatEvent chatEvent)
    {
        foreach (var topic in chatEvent.Topics().Append(ChatTopics.All))
        {
            if (_subscriptions.TryGetValue(topic, out var subscribers))
            {
                foreach (var subscriber in subscribers)
                {
                    subscriber.Post(chatEvent);
                }
            }
        }
    }

    /// <summary>
    /// Queues an event for every subscription on this instance, once each, whatever its topic (used for
    /// <see cref="ChatResync"/>). Subscriptions added meanwhile may or may not get it.
    /// </summary>
    public void DispatchToAll(ChatEvent chatEvent)
    {
        foreach (var subscribers in _subscriptions.Values)
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Post(chatEvent);
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

    /// <summary>
    /// One subscriber's inbox: a queue and at most one worker draining it. The worker is started when an event
    /// arrives at an idle inbox and ends when the inbox is empty, so an idle subscription holds no task or thread.
    /// </summary>
    private sealed class Subscription(LocalEventDispatcher owner, string topic, Func<ChatEvent, Task> handler, int capacity) : IDisposable
    {
        private readonly ConcurrentQueue<ChatEvent> _inbox = new();
        private int _count;
        private int _running;
        private int _cutOff;
        private int _resyncQueued;
        private int _disposed;

        public string Topic { get; } = topic;

        public void Post(ChatEvent chatEvent)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            if (Volatile.Read(ref _cutOff) != 0)
            {
                // Cut off: it will resync once it gets through its current event, which covers this one too.
                return;
            }

            if (chatEvent is ChatResync && Interlocked.Exchange(ref _resyncQueued, 1) == 1)
            {
                // One catch-up already waits in the inbox: it covers this one too (N instances announcing one outage).
                return;
            }

            if (Interlocked.Increment(ref _count) > capacity)
            {
                Interlocked.Decrement(ref _count);
                if (Interlocked.Exchange(ref _cutOff, 1) == 0)
                {
                    Interlocked.Increment(ref owner._cutOffs);
                    owner.LogCutOff(Topic, capacity);
                    // What is queued is stale now (the resync covers it): let it go at once, not when the subscriber is back.
                    while (_inbox.TryDequeue(out _))
                    {
                        Interlocked.Decrement(ref _count);
                    }
                }

                return;
            }

            _inbox.Enqueue(chatEvent);
            if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.DrainAsync(), this, preferLocal: false);
            }
        }

        private async Task DrainAsync()
        {
            while (true)
            {
                while (Volatile.Read(ref _disposed) == 0)
                {
                    if (Volatile.Read(ref _cutOff) != 0)
                    {
                        // Back from whatever held it up: forget what is queued and catch up instead.
                        while (_inbox.TryDequeue(out _))
                        {
                            Interlocked.Decrement(ref _count);
                        }

                        Volatile.Write(ref _resyncQueued, 0);
                        Volatile.Write(ref _cutOff, 0);
                        await InvokeAsync(new ChatResync());
                        continue;
                    }

                    if (!_inbox.TryDequeue(out var chatEvent))
                    {
                        break;
                    }

                    Interlocked.Decrement(ref _count);
                    if (chatEvent is ChatResync)
                    {
                        Volatile.Write(ref _resyncQueued, 0);
                    }

                    await InvokeAsync(chatEvent);
                }

                // A full fence (not a plain store): the look at the inbox below must not be done before the flag is
                // down, or an event posted in between would find a worker running that is about to stop.
                Interlocked.Exchange(ref _running, 0);
                // An event may have arrived after the last look and before the flag went down: take it on, unless
                // a newer worker already has.
                var pending = !_inbox.IsEmpty || Volatile.Read(ref _cutOff) != 0;
                if (Volatile.Read(ref _disposed) != 0 || !pending || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
                {
                    return;
                }
            }
        }

        private async Task InvokeAsync(ChatEvent chatEvent)
        {
            try
            {
                await handler(chatEvent);
            }
            catch (Exception ex)
            {
                owner.LogFailure(ex, Topic, chatEvent);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(this);
                _inbox.Clear();
            }
        }
    }

    private void LogCutOff(string topic, int capacity) =>
        logger.LogWarning("A subscriber of {Topic} fell {Capacity} events behind and was cut off; it resyncs when it comes back", topic, capacity);

    private void LogFailure(Exception ex, string topic, ChatEvent chatEvent) =>
        logger.LogWarning(ex, "A subscriber of {Topic} failed on {Event}", topic, chatEvent.GetType().Name);
}
