using Messaging.Core.Realtime;

namespace Messaging.Core.Presence;

/// <summary>Presence for a single instance (no Redis): connections are held in memory.</summary>
public sealed class InMemoryPresenceTracker(IChatEventBus bus) : IPresenceTracker
{
    private readonly Dictionary<string, Dictionary<string, bool>> _connections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task ConnectedAsync(string userId, string connectionId, bool visible, CancellationToken cancellationToken = default) =>
        UpdateAsync(userId, connections => connections[connectionId] = visible, cancellationToken);

    public Task VisibilityChangedAsync(string userId, string connectionId, bool visible, CancellationToken cancellationToken = default) =>
        UpdateAsync(userId, connections => connections[connectionId] = visible, cancellationToken);

    public Task DisconnectedAsync(string userId, string connectionId, CancellationToken cancellationToken = default) =>
        UpdateAsync(userId, connections => connections.Remove(connectionId), cancellationToken);

    public Task<IReadOnlyDictionary<string, PresenceStatus>> GetAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyDictionary<string, PresenceStatus> result = userIds.Distinct().ToDictionary(id => id, id => StatusOf(id));
            return Task.FromResult(result);
        }
    }

    private async Task UpdateAsync(string userId, Action<Dictionary<string, bool>> change, CancellationToken cancellationToken)
    {
        PresenceStatus before, after;
        lock (_lock)
        {
            before = StatusOf(userId);
            if (!_connections.TryGetValue(userId, out var connections))
            {
                connections = new Dictionary<string, bool>(StringComparer.Ordinal);
                _connections[userId] = connections;
            }

            change(connections);
            if (connections.Count == 0)
            {
                _connections.Remove(userId);
            }

            after = StatusOf(userId);
        }

        if (before != after)
        {
            await bus.PublishAsync(new PresenceChanged(userId, after), cancellationToken);
        }
    }

    private PresenceStatus StatusOf(string userId) =>
        !_connections.TryGetValue(userId, out var connections) || connections.Count == 0 ? PresenceStatus.Offline
        : connections.Values.Any(v => v) ? PresenceStatus.Online
        : PresenceStatus.Away;
}
