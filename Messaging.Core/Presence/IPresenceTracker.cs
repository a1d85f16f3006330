namespace Messaging.Core.Presence;

/// <summary>
/// Tracks each user's open connections (tabs, hub clients) and whether any is visible: online when one is,
/// away when all are hidden, offline when none is left. Changes are published as <see cref="Realtime.PresenceChanged"/>.
/// </summary>
public interface IPresenceTracker
{
    Task ConnectedAsync(string userId, string connectionId, bool visible, CancellationToken cancellationToken = default);

    Task VisibilityChangedAsync(string userId, string connectionId, bool visible, CancellationToken cancellationToken = default);

    Task DisconnectedAsync(string userId, string connectionId, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, PresenceStatus>> GetAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default);
}
