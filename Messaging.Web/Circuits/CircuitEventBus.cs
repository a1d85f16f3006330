using Messaging.Core.Realtime;

namespace Messaging.Web.Circuits;

/// <summary>
/// The event bus as one circuit (one browser tab) uses it. While the tab's connection is down its subscriptions
/// are detached from the bus, so a tab that died without unloading (a crash, a closed lid, lost Wi-Fi) costs
/// nothing and queues nothing while the server keeps its circuit; when the connection comes back they are attached
/// again and each receives a <see cref="ChatResync"/>, so every screen catches up from its last sequence.
/// </summary>
public sealed class CircuitEventBus(IChatEventBus bus, ILogger<CircuitEventBus> logger) : IChatEventBus, IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<CircuitSubscription> _subscriptions = [];
    private bool _connected = true;
    private bool _disposed;

    public Task PublishAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default) => bus.PublishAsync(chatEvent, cancellationToken);

    public IDisposable Subscribe(string topic, Func<ChatEvent, Task> handler)
    {
        var subscription = new CircuitSubscription(this, topic, handler);
        lock (_lock)
        {
            if (_disposed)
            {
                // The circuit is gone (work that outlived it): nothing may attach to the process-wide bus any more.
                return subscription;
            }

            _subscriptions.Add(subscription);
            if (_connected)
            {
                subscription.Attach(bus);
            }
        }

        return subscription;
    }

    /// <summary>The tab's connection went down: stop receiving anything for it.</summary>
    public void ConnectionDown()
    {
        lock (_lock)
        {
            _connected = false;
            foreach (var subscription in _subscriptions)
            {
                subscription.Detach();
            }
        }
    }

    /// <summary>The tab is back: receive again, and catch up on what was missed meanwhile.</summary>
    public void ConnectionUp()
    {
        List<CircuitSubscription> resumed;
        lock (_lock)
        {
            if (_connected)
            {
                return;
            }

            _connected = true;
            resumed = [.. _subscriptions];
            foreach (var subscription in resumed)
            {
                // The catch-up comes first: live events that arrive meanwhile wait for it (see CircuitSubscription).
                subscription.Resume(bus);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var subscription in _subscriptions)
            {
                subscription.Detach();
            }

            _subscriptions.Clear();
        }
    }

    private void Remove(CircuitSubscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
            subscription.Detach();
        }
    }

    private sealed class CircuitSubscription(CircuitEventBus owner, string topic, Func<ChatEvent, Task> handler) : IDisposable
    {
        private IDisposable? _inner;
        private Task _caughtUp = Task.CompletedTask;
        private bool _disposed;

        // Attach, Resume and Detach are called under the owner's lock.
        public void Attach(IChatEventBus bus) => _inner ??= _disposed ? null : bus.Subscribe(topic, OnEventAsync);

        /// <summary>Attaches again after the connection came back, with a catch-up that live events wait for.</summary>
        public void Resume(IChatEventBus bus)
        {
            if (_disposed || _inner is not null)
            {
                return;
            }

            _caughtUp = ResyncAsync();
            Attach(bus);
        }

        public void Detach() => Interlocked.Exchange(ref _inner, null)?.Dispose();

        private async Task OnEventAsync(ChatEvent chatEvent)
        {
            await _caughtUp;
            await handler(chatEvent);
        }

        private async Task ResyncAsync()
        {
            await Task.Yield();
            try
            {
                if (!_disposed)
                {
                    await handler(new ChatResync());
                }
            }
            catch (Exception ex)
            {
                owner.LogResyncFailed(ex, topic);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            owner.Remove(this);
        }
    }

    private void LogResyncFailed(Exception ex, string topic) =>
        logger.LogWarning(ex, "Catching up {Topic} after the connection came back failed", topic);
}
