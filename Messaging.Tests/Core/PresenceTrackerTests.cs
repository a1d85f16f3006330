using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Tests.Core;

/// <summary>In-memory presence: online with a visible connection, away when all are hidden, offline when none is left.</summary>
public class PresenceTrackerTests
{
    private const string Dana = "dana";

    private readonly InProcessChatEventBus _bus = new(new LocalEventDispatcher(NullLogger<LocalEventDispatcher>.Instance));
    private readonly InMemoryPresenceTracker _tracker;

    public PresenceTrackerTests()
    {
        _tracker = new InMemoryPresenceTracker(_bus);
    }

    [Fact]
    public async Task A_user_without_connections_is_offline()
    {
        var statuses = await _tracker.GetAsync([Dana, "alice", Dana]);

        Assert.Equal(2, statuses.Count);
        Assert.Equal(PresenceStatus.Offline, statuses[Dana]);
        Assert.Equal(PresenceStatus.Offline, statuses["alice"]);
    }

    [Fact]
    public async Task A_visible_connection_makes_the_user_online_and_publishes_the_change()
    {
        using var probe = new EventProbe(_bus, ChatTopics.Presence(Dana));

        await _tracker.ConnectedAsync(Dana, "tab-1", visible: true);

        Assert.Equal(PresenceStatus.Online, await StatusAsync(Dana));
        var changed = await probe.WaitForAsync<PresenceChanged>();
        Assert.Equal(new PresenceChanged(Dana, PresenceStatus.Online), changed);
        Assert.Equal(PresenceStatus.Offline, await StatusAsync("alice"));
    }

    [Fact]
    public async Task A_hidden_first_connection_makes_the_user_away()
    {
        await _tracker.ConnectedAsync(Dana, "tab-1", visible: false);

        Assert.Equal(PresenceStatus.Away, await StatusAsync(Dana));
    }

    [Fact]
    public async Task The_user_is_away_when_every_connection_is_hidden_and_online_again_when_one_shows()
    {
        await _tracker.ConnectedAsync(Dana, "tab-1", visible: true);
        await _tracker.ConnectedAsync(Dana, "tab-2", visible: true);

        await _tracker.VisibilityChangedAsync(Dana, "tab-1", visible: false);
        Assert.Equal(PresenceStatus.Online, await StatusAsync(Dana));

        await _tracker.VisibilityChangedAsync(Dana, "tab-2", visible: false);
        Assert.Equal(PresenceStatus.Away, await StatusAsync(Dana));

        await _tracker.VisibilityChangedAsync(Dana, "tab-1", visible: true);
        Assert.Equal(PresenceStatus.Online, await StatusAsync(Dana));
    }

    [Fact]
    public async Task The_user_is_offline_after_the_last_connection_closes()
    {
        using var probe = new EventProbe(_bus, ChatTopics.Presence(Dana));
        await _tracker.ConnectedAsync(Dana, "tab-1", visible: true);

        await _tracker.DisconnectedAsync(Dana, "tab-1");

        Assert.Equal(PresenceStatus.Offline, await StatusAsync(Dana));
        await probe.WaitForAsync<PresenceChanged>(e => e.Status == PresenceStatus.Offline);
        await probe.SettleAsync();
        Assert.Equal([PresenceStatus.Online, PresenceStatus.Offline], probe.All<PresenceChanged>().Select(e => e.Status));
    }

    [Fact]
    public async Task Closing_one_of_two_tabs_keeps_the_user_online()
    {
        await _tracker.ConnectedAsync(Dana, "tab-1", visible: true);
        await _tracker.ConnectedAsync(Dana, "tab-2", visible: false);

        await _tracker.DisconnectedAsync(Dana, "tab-1");
        Assert.Equal(PresenceStatus.Away, await StatusAsync(Dana));

        await _tracker.ConnectedAsync(Dana, "tab-3", visible: true);
        await _tracker.DisconnectedAsync(Dana, "tab-2");
        Assert.Equal(PresenceStatus.Online, await StatusAsync(Dana));
    }

    [Fact]
    public async Task Two_visible_tabs_closing_one_keeps_the_user_online_without_an_event()
    {
        using var probe = new EventProbe(_bus, ChatTopics.Presence(Dana));
        await _tracker.ConnectedAsync(Dana, "tab-1", visible: true);
        await _tracker.ConnectedAsync(Dana, "tab-2", visible: true);

        await _tracker.DisconnectedAsync(Dana, "tab-1");

        Assert.Equal(PresenceStatus.Online, await StatusAsync(Dana));
        await probe.SettleAsync();
        Assert.Equal([PresenceStatus.Online], probe.All<PresenceChanged>().Select(e => e.Status));
    }

    [Fact]
    public async Task PresenceChanged_is_published_only_on_transitions()
    {
        using var probe = new EventProbe(_bus, ChatTopics.Presence(Dana));
        using var other = new EventProbe(_bus, ChatTopics.Presence("alice"));

        await _tracker.ConnectedAsync(Dana, "tab-1", visible: true);      // offline -> online
        await _tracker.ConnectedAsync(Dana, "tab-2", visible: true);      // still online
        await _tracker.VisibilityChangedAsync(Dana, "tab-1", visible: true);
        await _tracker.VisibilityChangedAsync(Dana, "tab-1", visible: false); // tab-2 still visible
        await _tracker.VisibilityChangedAsync(Dana, "tab-2", visible: false); // online -> away
        await _tracker.VisibilityChangedAsync(Dana, "tab-2", visible: false);
        await _tracker.DisconnectedAsync(Dana, "tab-1");                  // still away
        await _tracker.DisconnectedAsync(Dana, "unknown-tab");
        await _tracker.DisconnectedAsync(Dana, "tab-2");                  // away -> offline
        await _tracker.DisconnectedAsync(Dana, "tab-2");

        await probe.WaitForAsync<PresenceChanged>(e => e.Status == PresenceStatus.Offline);
        await probe.SettleAsync();
        Assert.Equal(
            [PresenceStatus.Online, PresenceStatus.Away, PresenceStatus.Offline],
            probe.All<PresenceChanged>().Select(e => e.Status));
        Assert.All(probe.All<PresenceChanged>(), e => Assert.Equal(Dana, e.UserId));
        await other.SettleAsync();
        Assert.Empty(other.Events);
    }

    private async Task<PresenceStatus> StatusAsync(string userId) => (await _tracker.GetAsync([userId]))[userId];
}
