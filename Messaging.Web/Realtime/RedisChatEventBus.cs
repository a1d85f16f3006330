using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Messaging.Core.Realtime;
using StackExchange.Redis;

namespace Messaging.Web.Realtime;

/// <summary>
/// The bus across instances: every event is published on one Redis channel, and every instance (the publisher
/// included) hands it to its local subscribers when it comes back from Redis, so each subscriber sees it once.
/// While Redis cannot be reached the bus is degraded: events reach this instance's subscribers only. Once this
/// instance hears itself on the channel again, it announces a <see cref="ChatResync"/> there, and every instance
/// tells all its open screens to catch up from their last sequence. No SignalR backplane is needed on top: the hub
/// forwarder on each instance pushes what this bus delivers there to that instance's own connections.
/// </summary>
public sealed partial class RedisChatEventBus : IChatEventBus, IHostedService, IDisposable
{
    public const string ChannelName = "messaging:events";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IConnectionMultiplexer _redis;
    private readonly LocalEventDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisChatEventBus> _logger;
    private readonly RedisChannel _channel = RedisChannel.Literal(ChannelName);
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly ConcurrentBag<Task> _workers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private ChannelMessageQueue? _queue;
    private TaskCompletionSource? _probe;
    private DateTimeOffset? _degradedSince;
    private bool _started;

    public RedisChatEventBus(IConnectionMultiplexer redis, LocalEventDispatcher dispatcher, TimeProvider time, ILogger<RedisChatEventBus> logger)
    {
        (_redis, _dispatcher, _time, _logger) = (redis, dispatcher, time, logger);
    }

    public IDisposable Subscribe(string topic, Func<ChatEvent, Task> handler) => _dispatcher.Subscribe(topic, handler);

    public async Task PublishAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default)
    {
        if (!Volatile.Read(ref _started))
        {
            // Before start (seeding at start-up): this instance does not listen yet, so it serves itself.
            await TryPublishBeforeStartAsync(chatEvent);
            _dispatcher.Dispatch(chatEvent);
            return;
        }

        if (!IsDegraded)
        {
            try
            {
                // Nobody received it (not even this instance's subscription): Redis lost us without telling yet.
                if (await PublishToRedisAsync(chatEvent) > 0)
                {
                    return;
                }

                EnterDegraded("nobody is subscribed to the channel, not even this instance", null);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                EnterDegraded("publishing failed", ex);
            }
        }

        // Same-instance screens stay live; the others catch up after the resync.
        _dispatcher.Dispatch(chatEvent);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_started)
            {
                return;
            }

            _started = true;
        }

        _redis.ConnectionFailed += OnConnectionFailed;
        if (!await TrySubscribeAsync())
        {
            EnterDegraded("Redis is not reachable at start", null);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _redis.ConnectionFailed -= OnConnectionFailed;
        await _stopping.CancelAsync();
        try
        {
            if (_queue is { } queue)
            {
                await queue.UnsubscribeAsync();
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Redis is gone anyway.
        }

        await Task.WhenAll(_workers).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _stopping.Cancel();
    }

    private async Task TryPublishBeforeStartAsync(ChatEvent chatEvent)
    {
        try
        {
            await PublishToRedisAsync(chatEvent);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogEarlyPublishFailed(ex);
        }
    }

    /// <summary>Publishes an event, or (null) a probe that only this instance listens for.</summary>
    private Task<long> PublishToRedisAsync(ChatEvent? chatEvent) =>
        _redis.GetSubscriber().PublishAsync(_channel, JsonSerializer.Serialize(new Envelope(_origin, chatEvent), Json));

    private async Task<bool> TrySubscribeAsync()
    {
        if (_queue is not null)
        {
            return true;
        }

        var subscriber = _redis.GetSubscriber();
        try
        {
            var queue = await subscriber.SubscribeAsync(_channel);
            _queue = queue;
            _workers.Add(Task.Run(() => ReceiveLoopAsync(queue)));
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // A failed subscription may still be registered with the multiplexer; a blanket unsubscribe drops it, so
            // the next attempt does not leave a second, unread queue behind. This bus is the channel's only user.
            LogSubscribeFailed(ex);
            try
            {
                await subscriber.UnsubscribeAsync(_channel);
            }
            catch (Exception cleanup) when (cleanup is RedisException or TimeoutException)
            {
                // The local registration is gone even when the server could not be told.
            }

            return false;
        }
    }

    private async Task ReceiveLoopAsync(ChannelMessageQueue queue)
    {
        while (!_stopping.IsCancellationRequested)
        {
            ChannelMessage message;
            try
            {
                message = await queue.ReadAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                return;
            }

            Envelope? envelope;
            try
            {
                envelope = JsonSerializer.Deserialize<Envelope>(message.Message.ToString(), Json);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                // E.g. an event type from a newer version during a rolling deployment.
                LogUnreadable(ex);
                continue;
            }

            switch (envelope?.Event)
            {
                case null:
                    if (envelope?.Origin == _origin)
                    {
                        Volatile.Read(ref _probe)?.TrySetResult();
                    }

                    break;
                case ChatResync:
                    LogResync();
                    _dispatcher.DispatchToAll(new ChatResync());
                    break;
                case var chatEvent:
                    // Straight into each subscriber's inbox, in the order Redis delivered them: nothing here waits
                    // for a subscriber, so one slow screen cannot hold up the channel.
                    _dispatcher.Dispatch(chatEvent);
                    break;
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Resyncing every open screen on this instance")]
    private partial void LogResync();

    [LoggerMessage(LogLevel.Debug, "Publishing an event before the bus started failed")]
    private partial void LogEarlyPublishFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Subscribing to the chat event channel failed")]
    private partial void LogSubscribeFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "An event on the chat event channel could not be read")]
    private partial void LogUnreadable(Exception exception);

    /// <summary>What travels on the channel: the event (none for a recovery probe) and the instance that published it.</summary>
    private sealed record Envelope(string Origin, ChatEvent? Event);
}
