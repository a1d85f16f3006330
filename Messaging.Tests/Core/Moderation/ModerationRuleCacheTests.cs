using Messaging.Core.Common;
using Messaging.Core.Moderation;
using Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Core.Moderation;

public class ModerationRuleCacheTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        // The test database starts with the default rules, as the app does.
        _database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private IMessagingDbFactory Factory => _database.Services.GetRequiredService<IMessagingDbFactory>();

    [Fact]
    public async Task Rules_are_read_once_and_again_after_invalidation()
    {
        var cache = _database.Services.GetRequiredService<ModerationRuleCache>();
        var first = await cache.GetRulesAsync();
        await AddRuleAsync("Blocked word: phishing", "phishing");

        var cached = await cache.GetRulesAsync();
        await cache.InvalidateAsync();
        var reloaded = await cache.GetRulesAsync();

        Assert.Equal(DefaultModerationRules.Create(DateTime.UtcNow).Count, first.Count);
        Assert.Same(first, cached);
        Assert.Contains("Blocked word: phishing", reloaded.Select(r => r.Name));
    }

    [Fact]
    public async Task Disabled_rules_are_not_loaded()
    {
        await using (var db = Factory.Create())
        {
            await db.ModerationRules.Where(r => r.Id == DefaultModerationRules.PhoneId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Enabled, false));
        }

        var rules = await _database.Services.GetRequiredService<ModerationRuleCache>().GetRulesAsync();

        Assert.DoesNotContain(rules, r => r.Id == DefaultModerationRules.PhoneId);
    }

    [Fact]
    public async Task The_service_checks_against_the_current_rules()
    {
        var service = _database.Services.GetRequiredService<ModerationService>();
        var source = _database.Services.GetRequiredService<IModerationRuleSource>();

        var before = await service.CheckAsync("what a 5c4m");
        await using (var db = Factory.Create())
        {
            await db.ModerationRules.Where(r => r.Id == DefaultModerationRules.ScamId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Outcome, ModerationOutcome.Block));
        }

        var stale = await service.CheckAsync("what a 5c4m");
        await source.InvalidateAsync();
        var after = await service.CheckAsync("what a 5c4m");

        Assert.Equal(ModerationOutcome.Flag, before.Outcome);
        Assert.Equal(ModerationOutcome.Flag, stale.Outcome);
        Assert.Equal(ModerationOutcome.Block, after.Outcome);
        Assert.Equal("This message contains a blocked word.", after.UserMessage);
    }

    [Fact]
    public async Task Concurrent_first_uses_share_one_load()
    {
        var cache = _database.Services.GetRequiredService<ModerationRuleCache>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetRulesAsync().AsTask()));

        Assert.All(results, r => Assert.Same(results[0], r));
    }

    private async Task AddRuleAsync(string name, string word)
    {
        await using var db = Factory.Create();
        db.ModerationRules.Add(new ModerationRule
        {
            Id = Guid.NewGuid(),
            Name = name,
            Kind = ModerationRuleKind.BlockedWord,
            Pattern = word,
            Outcome = ModerationOutcome.Flag,
            UpdatedAt = _database.Time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync();
    }
}
