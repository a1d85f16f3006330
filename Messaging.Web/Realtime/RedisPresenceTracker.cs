using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Messaging.Web.Realtime;

/// <summary>The <c>Presence</c> section: how presence in Redis outlives an instance that dies.</summary>
public sealed class PresenceOptions
{
    public const string SectionName = "Presence";

    /// <summary>How often an instance refreshes the entries of its own connections.</summary>
    [Range(1, 600)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>An entry not refreshed for this long counts as gone (its instance died). At least twice the heartbeat.</summary>
    [Range(2, 3600)]
    public int ExpirySeconds { get; set; } = 45;

    /// <summary>How often each instance looks for expired entries and publishes the users who went offline.</summary>
    [Range(1, 600)]
    public int SweepSeconds { get; set; } = 5;

    internal bool IsValid() => ExpirySeconds >= 2 * HeartbeatSeconds;
}

/// <summary>
/// Presence shared by every instance through Redis. Each connection (tab or hub client) is an entry in its user's
/// sorted set, scored by when it expires; its instance refreshes it every heartbeat, so the connections of an
/// instance that dies expire by themselves and a sweeper on any instance publishes the change. The status last
/// published for each user is kept beside the sets, so a change is published exactly once, by whichever instance
/// made it, and <see cref="GetAsync"/> always agrees with the events screens receive.
/// </summary>
public sealed partial class RedisPresenceTracker(
    IConnectionMultiplexer redis,
    IChatEventBus bus,
    TimeProvider time,
    IOptions<PresenceOptions> options,
    ILogger<RedisPresenceTracker> logger) : BackgroundService, IPresenceTracker
{
    // One hash slot for all keys (the script touches a user's set, the expiry index and the statuses together).
    private const string Prefix = "{messaging-presence}:";
    private static readonly RedisKey ExpiryIndex = Prefix + "expiries";
    private static readonly RedisKey Statuses = Prefix + "status";

    // KEYS: the user's set, the expiry index, the statuses. ARGV: now, op (set|del|sweep), connection id, visible (1|0),
    // expires at, user id, key lifetime (ms), then index members the sweeper saw expired. Members are "v:<id>" for a
    // visible connection and "h:<id>" for a hidden one; index members are "<user>\n<id>". Returns { before, after }.
    private const string Script = """
        local now = tonumber(ARGV[1])
        for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
          redis.call('ZREM', KEYS[1], m)
          redis.call('ZREM', KEYS[2], ARGV[6] .. '\n' .. string.sub(m, 3))
        end
        local op = ARGV[2]
        if op ~= 'sweep' then
          redis.call('ZREM', KEYS[1], 'v:' .. ARGV[3], 'h:' .. ARGV[3])
          if op == 'set' then
            local prefix = 'h:'
            if ARGV[4] == '1' then prefix = 'v:' end
            redis.call('ZADD', KEYS[1], ARGV[5], prefix .. ARGV[3])
            redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6] .. '\n' .. ARGV[3])
          else
            redis.call('ZREM', KEYS[2], ARGV[6] .. '\n' .. ARGV[3])
          end
        end
        for i = 8, #ARGV do
          local score = redis.call('ZSCORE', KEYS[2], ARGV[i])
          if score and tonumber(score) <= now then redis.call('ZREM', KEYS[2], ARGV[i]) end
        end
        local after = 0
        local members = redis.call('ZRANGE', KEYS[1], 0, -1)
        for _, m in ipairs(members) do
          if string.sub(m, 1, 2) == 'v:' then after = 2 break end
          after = 1
        end
        if after == 0 then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[7]) end
        local before = tonumber(redis.call('HGET', KEYS[3], ARGV[6]) or '0')
        if before ~= after then
          if after == 0 then redis.call('HDEL', KEYS[3], ARGV[6]) else redis.call('HSET', KEYS[3], ARGV[6], after) end
        end
        return { before, after }
        """;

    private readonly ConcurrentDictionary<string, LocalConnection> _local = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _heartbeatGate = new(1, 1);
    private readonly PresenceOptions _options = options.Value;

    public async Task ConnectedAsync(string userId, string connectionId, bool visible, CancellationToken cancellationToken = default)
    {
        var connection = _local.AddOrUpdate(connectionId, _ => new LocalConnection(userId, visible), (_, existing) => existing with { Visible = visible });
        await SetAsync(connectionId, connection, cancellationToken);
    }

    public async Task VisibilityChangedAsync(string userId, string connectionId, bool visible, CancellationToken cancellationToken = default)
    {
        var connection = _local.AddOrUpdate(connectionId, _ => new LocalConnection(userId, visible), (_, existing) => existing with { Visible = visible });
        await SetAsync(connectionId, connection, cancellationToken);
    }

    public async Task DisconnectedAsync(string userId, string connectionId, CancellationToken cancellationToken = default)
    {
        _local.TryRemove(connectionId, out _);
        await RunAsync(userId, "del", connectionId, visible: false, [], cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, PresenceStatus>> GetAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Distinct().ToArray();
        try
        {
            var values = await redis.GetDatabase().HashGetAsync(Statuses, ids.Select(id => (RedisValue)id).ToArray());
            return ids.Select((id, i) => (id, status: values[i].IsNull ? PresenceStatus.Offline : (PresenceStatus)(int)values[i]))
                .ToDictionary(x => x.id, x => x.status);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            // Redis is down: what this instance knows (its own connections) beats nothing.
            LogOutage(ex);
            return ids.ToDictionary(id => id, LocalStatus);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.SweepSeconds), time);
            var nextHeartbeat = time.GetUtcNow() + TimeSpan.FromSeconds(_options.HeartbeatSeconds);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (time.GetUtcNow() >= nextHeartbeat)
                {
                    nextHeartbeat = time.GetUtcNow() + TimeSpan.FromSeconds(_options.HeartbeatSeconds);
                    await HeartbeatAsync(stoppingToken);
                }

                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down. This instance's entries expire by themselves.
        }
        finally
        {
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    /// <summary>Refreshes this instance's connections; re-adds those Redis lost (a restart), publishing the comeback.</summary>
    public async Task HeartbeatAsync(CancellationToken cancellationToken = default)
    {
        await _heartbeatGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var (connectionId, connection) in _local.ToArray())
            {
                await SetAsync(connectionId, connection, cancellationToken);
            }
        }
        finally
        {
            _heartbeatGate.Release();
        }
    }

    /// <summary>Drops expired entries (of instances that died) and publishes the users who went away or offline.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken = default)
    {
        RedisValue[] expired;
        try
        {
            expired = await redis.GetDatabase().SortedSetRangeByScoreAsync(ExpiryIndex, double.NegativeInfinity, Now, take: 500);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            LogOutage(ex);
            return;
        }

        foreach (var group in expired.Select(m => m.ToString()).Where(m => m.Contains('\n')).GroupBy(m => m[..m.IndexOf('\n')]))
        {
            await RunAsync(group.Key, "sweep", "", visible: false, group.Select(m => (RedisValue)m).ToArray(), cancellationToken);
        }
    }

    private async Task SetAsync(string connectionId, LocalConnection connection, CancellationToken cancellationToken)
    {
        await RunAsync(connection.UserId, "set", connectionId, connection.Visible, [], cancellationToken);

        // A disconnect or visibility change that raced with this refresh wins: write its state again.
        if (!_local.TryGetValue(connectionId, out var current))
        {
            await RunAsync(connection.UserId, "del", connectionId, visible: false, [], cancellationToken);
        }
        else if (current != connection)
        {
            await RunAsync(current.UserId, "set", connectionId, current.Visible, [], cancellationToken);
        }
    }

    private async Task RunAsync(string userId, string op, string connectionId, bool visible, RedisValue[] seenExpired, CancellationToken cancellationToken)
    {
        var now = Now;
        RedisValue[] args =
        [
            now, op, connectionId, visible ? 1 : 0, now + (_options.ExpirySeconds * 1000L), userId,
            // Far longer than any sweep interval: a sweeper always finds a dead instance's entries before Redis drops them.
            ((_options.ExpirySeconds * 1000L) + (10 * 60 * 1000L)),
            .. seenExpired,
        ];

        RedisResult result;
        try
        {
            result = await redis.GetDatabase().ScriptEvaluateAsync(Script, [Prefix + "user:" + userId, ExpiryIndex, Statuses], args);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            // The next heartbeat after Redis returns puts this instance's connections back and publishes the change.
            LogOutage(ex);
            return;
        }

        var statuses = (int[])result!;
        if (statuses[0] != statuses[1])
        {
            await bus.PublishAsync(new PresenceChanged(userId, (PresenceStatus)statuses[1]), cancellationToken);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // Redis may have restarted empty: put this instance's connections back now rather than at the next heartbeat.
        _ = Task.Run(async () =>
        {
            try
            {
                await HeartbeatAsync();
            }
            catch (Exception ex)
            {
                LogHeartbeatFailed(ex);
            }
        });
    }

    private PresenceStatus LocalStatus(string userId)
    {
        var mine = _local.Values.Where(c => c.UserId == userId).ToList();
        return mine.Count == 0 ? PresenceStatus.Offline : mine.Any(c => c.Visible) ? PresenceStatus.Online : PresenceStatus.Away;
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static bool IsOutage(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;

    // An outage is expected (the bus reports it, the heartbeat repairs it); a server error (say, in the script) is not.
    private void LogOutage(Exception exception)
    {
        if (exception is RedisServerException)
        {
            LogServerError(exception);
        }
        else
        {
            LogUnavailable(exception);
        }
    }

    [LoggerMessage(LogLevel.Debug, "Presence in Redis is unavailable")]
    private partial void LogUnavailable(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Redis refused a presence update")]
    private partial void LogServerError(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Refreshing presence after Redis came back failed")]
    private partial void LogHeartbeatFailed(Exception exception);

    private sealed record LocalConnection(string UserId, bool Visible);
}
