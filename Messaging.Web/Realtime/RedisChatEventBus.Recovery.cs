using Messaging.Core.Realtime;
using StackExchange.Redis;

namespace Messaging.Web.Realtime;

/// <summary>The degraded mode of <see cref="RedisChatEventBus"/>: entering it, and proving the way out before leaving it.</summary>
public sealed partial class RedisChatEventBus
{
    /// <summary>When the bus fell back to this instance only, or null while Redis carries events.</summary>
    public DateTimeOffset? DegradedSince
    {
        get
        {
            lock (_lock)
            {
                return _degradedSince;
            }
        }
    }

    public bool IsDegraded => DegradedSince is not null;

    private void EnterDegraded(string reason, Exception? exception)
    {
        lock (_lock)
        {
            if (_degradedSince is not null || _stopping.IsCancellationRequested)
            {
                return;
            }

            _degradedSince = _time.GetUtcNow();
        }

        LogDegraded(exception, reason);
        _workers.Add(Task.Run(RecoverAsync));
    }

    /// <summary>
    /// Probes until this instance hears itself on the channel again (its subscription is live), then publishes to
    /// Redis again and announces a <see cref="ChatResync"/>: every instance, this one included, resyncs its
    /// screens. Events this instance kept to itself meanwhile were stored before the announcement, so the other
    /// instances' catch-up finds them; what they published meanwhile is found by this instance's catch-up.
    /// </summary>
    private async Task RecoverAsync()
    {
        var unanswered = 0;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RecoveryInterval, _time, _stopping.Token);
                if (!_redis.IsConnected || !await TrySubscribeAsync())
                {
                    continue;
                }

                var probe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _probe, probe);
                await PublishToRedisAsync(null);
                if (!await HeardAsync(probe.Task))
                {
                    // Connected, yet our subscription does not hear the channel: subscribe afresh.
                    if (++unanswered >= 3)
                    {
                        unanswered = 0;
                        await DropSubscriptionAsync();
                    }

                    continue;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                LogStillDegraded(ex);
                continue;
            }

            DateTimeOffset since;
            lock (_lock)
            {
                since = _degradedSince ?? _time.GetUtcNow();
                _degradedSince = null;
            }

            LogRecovered(_time.GetUtcNow() - since);
            try
            {
                await PublishToRedisAsync(new ChatResync());
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                // Lost again at once: the next recovery announces it.
                EnterDegraded("announcing the recovery failed", ex);
            }

            return;
        }
    }

    private async Task<bool> HeardAsync(Task probe)
    {
        try
        {
            await probe.WaitAsync(ProbeTimeout, _time, _stopping.Token);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task DropSubscriptionAsync()
    {
        if (Interlocked.Exchange(ref _queue, null) is null)
        {
            return;
        }

        try
        {
            // Blanket: completes the queue (its receive loop ends) and forgets the registration.
            await _redis.GetSubscriber().UnsubscribeAsync(_channel);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The local registration is gone even when the server could not be told.
        }
    }

    // Events other instances publish meanwhile are lost to this one: a resync will be needed. The recovery loop
    // notices the restored connection within a second and checks the channel end to end.
    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        EnterDegraded($"the {e.ConnectionType} connection to Redis failed ({e.FailureType})", e.Exception);

    [LoggerMessage(LogLevel.Warning, "Chat event bus degraded: {Reason}. Events reach this instance's screens only until Redis is back.")]
    private partial void LogDegraded(Exception? exception, string reason);

    [LoggerMessage(LogLevel.Debug, "Chat event bus still degraded")]
    private partial void LogStillDegraded(Exception exception);

    [LoggerMessage(LogLevel.Information, "Chat event bus recovered after {Duration}; open screens resync")]
    private partial void LogRecovered(TimeSpan duration);
}
