using Messaging.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Moderation;

/// <summary>
/// Holds the enabled rules in memory: every message is checked, rules change rarely. Loads them on first use
/// and again on the first use after <see cref="InvalidateAsync"/>.
/// </summary>
public sealed class ModerationRuleCache(IMessagingDbFactory dbFactory, ILogger<ModerationRuleCache> logger) : IModerationRuleSource
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lock _gate = new();
    private IReadOnlyList<ModerationRule>? _rules;
    private long _generation;

    public async ValueTask<IReadOnlyList<ModerationRule>> GetRulesAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _rules) is { } cached)
        {
            return cached;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            long generation;
            lock (_gate)
            {
                if (_rules is { } loaded)
                {
                    return loaded;
                }

                generation = _generation;
            }

            var rules = await LoadAsync(cancellationToken);
            lock (_gate)
            {
                // An invalidation during the load means these rules may already be stale: use them once, don't keep them.
                if (_generation == generation)
                {
                    _rules = rules;
                }
            }

            return rules;
        }
        finally
        {
            _loading.Release();
        }
    }

    public Task InvalidateAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _generation++;
            _rules = null;
        }

        logger.LogInformation("Moderation rules invalidated; they are read again on next use");
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<ModerationRule>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = dbFactory.Create();
        var rules = await db.ModerationRules.AsNoTracking()
            .Where(r => r.Enabled)
            .OrderBy(r => r.Name)
            .ToListAsync(cancellationToken);
        logger.LogDebug("Loaded {Count} moderation rules", rules.Count);
        return rules.AsReadOnly();
    }
}
