using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Tests.ScaleOut;

/// <summary>
/// Presence in Redis across instances, on a Redis server of its own (the sweeper of a test with a fake clock would
/// otherwise sweep other tests' entries). Heartbeats and sweeps are driven by hand; time by a fake clock.
/// </summary>
public sealed class RedisPresenceTrackerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Connections_of_a_dead_instance_expire_and_one_change_is_published_on_every_instance()
    {
        await using var redis = await RedisServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var a = await BusNode.StartAsync(redis.Endpoint, time);
        await using var b = await BusNode.StartAsync(redis.Endpoint, time);
        await using var c = await BusNode.StartAsync(redis.Endpoint, time);
        var dana = $"dana-{Guid.NewGuid():N}";
        using var seenOnB = b.Record(ChatTopics.Presence(dana));
        using var seenOnC = c.Record(ChatTopics.Presence(dana));

        // A visible tab on A: online everywhere.
        await a.Presence.ConnectedAsync(dana, "tab-on-a", visible: true);
        await seenOnB.WaitUntilAsync(e => e.Count == 1, "online", Wait);
        Assert.Equal(PresenceStatus.Online, (await c.Presence.GetAsync([dana]))[dana]);

        // A hidden tab on B changes nothing while the visible one lives.
        await b.Presence.ConnectedAsync(dana, "tab-on-b", visible: false);

        // A dies: it stops refreshing. B keeps refreshing its own tab; after the expiry A's tab is swept.
        time.Advance(TimeSpan.FromSeconds(20));
        await b.Presence.HeartbeatAsync();
        await b.Presence.SweepAsync();
        Assert.Equal(PresenceStatus.Online, (await c.Presence.GetAsync([dana]))[dana]);
        time.Advance(TimeSpan.FromSeconds(20));
        await b.Presence.HeartbeatAsync();
        time.Advance(TimeSpan.FromSeconds(10));
        // Two sweepers at once (every instance sweeps): the change is published once.
        await Task.WhenAll(b.Presence.SweepAsync(), c.Presence.SweepAsync());
        await seenOnC.WaitUntilAsync(e => e.Count == 2, "away", Wait);
        Assert.Equal(PresenceStatus.Away, (await a.Presence.GetAsync([dana]))[dana]);

        // The last tab closes: offline.
        await b.Presence.DisconnectedAsync(dana, "tab-on-b");
        await seenOnB.WaitUntilAsync(e => e.Count == 3, "offline", Wait);
        await seenOnC.WaitUntilAsync(e => e.Count == 3, "offline", Wait);
        Assert.Equal(PresenceStatus.Offline, (await c.Presence.GetAsync([dana]))[dana]);

        // Nothing more to sweep, and a disconnect seen twice (connection down, then circuit closed) publishes nothing.
        time.Advance(TimeSpan.FromMinutes(2));
        await c.Presence.SweepAsync();
        await b.Presence.DisconnectedAsync(dana, "tab-on-b");
        await b.Presence.ConnectedAsync(dana, "marker", visible: true);
        await seenOnC.WaitUntilAsync(e => e.Count == 4, "the marker", Wait);

        PresenceChanged[] expected =
        [
            new(dana, PresenceStatus.Online),
            new(dana, PresenceStatus.Away),
            new(dana, PresenceStatus.Offline),
            new(dana, PresenceStatus.Online),
        ];
        Assert.Equal<ChatEvent>(expected, seenOnB.Events);
        Assert.Equal<ChatEvent>(expected, seenOnC.Events);
    }

    [Fact]
    public async Task Visibility_across_instances_decides_between_online_and_away()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BusNode.StartAsync(redis.Endpoint);
        await using var b = await BusNode.StartAsync(redis.Endpoint);
        var eli = $"eli-{Guid.NewGuid():N}";
        using var seen = b.Record(ChatTopics.Presence(eli));

        await a.Presence.ConnectedAsync(eli, "tab-1", visible: false);
        await seen.WaitUntilAsync(e => e.Count == 1, "away", Wait);
        await b.Presence.ConnectedAsync(eli, "tab-2", visible: true);
        await seen.WaitUntilAsync(e => e.Count == 2, "online", Wait);
        await b.Presence.VisibilityChangedAsync(eli, "tab-2", visible: false);
        await seen.WaitUntilAsync(e => e.Count == 3, "away again", Wait);
        await a.Presence.DisconnectedAsync(eli, "tab-1");
        await b.Presence.DisconnectedAsync(eli, "tab-2");
        await seen.WaitUntilAsync(e => e.Count == 4, "offline", Wait);

        Assert.Equal<ChatEvent>(
            [new PresenceChanged(eli, PresenceStatus.Away), new PresenceChanged(eli, PresenceStatus.Online), new PresenceChanged(eli, PresenceStatus.Away), new PresenceChanged(eli, PresenceStatus.Offline)],
            seen.Events);
        Assert.Equal(PresenceStatus.Offline, (await a.Presence.GetAsync([eli]))[eli]);
    }
}
