using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Messaging.Web.Security;

/// <summary>Counts each user's hub connections on this instance and refuses more than the configured cap.</summary>
public sealed class ConnectionLimiter(IOptionsMonitor<SecurityOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public bool TryAdd(string userId)
    {
        while (true)
        {
            var current = _counts.GetOrAdd(userId, 0);
            if (current >= options.CurrentValue.MaxHubConnectionsPerUser)
            {
                return false;
            }

            if (_counts.TryUpdate(userId, current + 1, current))
            {
                return true;
            }
        }
    }

    public void Remove(string userId) => _counts.AddOrUpdate(userId, 0, (_, count) => Math.Max(0, count - 1));
}
