using Messaging.Core;
using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Data;
using Messaging.Data.Accounts;
using Messaging.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Messaging.Tests.ScaleOut;

/// <summary>Tests that start Messaging.Web processes run one at a time: two pairs of instances would fight over two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutProcesses
{
    public const string Name = "Scale-out processes";
}

/// <summary>
/// One PostgreSQL database (created for the test, migrated here) and one Redis shared by the Messaging.Web
/// processes it starts; accounts and conversations are created directly in the database by the domain services.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    public const string Password = "Passw0rd!scale";

    private readonly PostgresDatabase _database;
    private readonly ServiceProvider _services;
    private readonly string _redis;
    private readonly List<WebInstance> _instances = [];

    private ScaleOutCluster(PostgresDatabase database, ServiceProvider services, string redis)
    {
        (_database, _services, _redis) = (database, services, redis);
    }

    public static async Task<ScaleOutCluster> CreateAsync(string redis)
    {
        _ = TestServers.Postgres;
        var database = await PostgresDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(TestKeys.Settings)
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Messaging"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddMessagingCore()
            .AddMessagingData(configuration, Path.GetTempPath());
        services.AddSingleton<IConfiguration>(configuration);
        services.AddIdentityCore<ApplicationUser>(o => o.Password.RequiredLength = 8)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MessagingDbContext>();
        services.AddScoped<AccountService>();
        var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<AccountService>().EnsureRolesAsync();
        }

        return new ScaleOutCluster(database, provider, redis);
    }

    /// <summary>Starts an instance on the shared database and Redis, and waits until it is healthy.</summary>
    public async Task<WebInstance> StartInstanceAsync(string name, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            // The test's own connection string turns pooling off (so the database can be dropped); the app pools.
            ["ConnectionStrings__Messaging"] = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = true, MaxPoolSize = 40 }.ToString(),
            ["ConnectionStrings__Redis"] = _redis,
            ["Database__MaxPoolSize"] = "40",
            // Load, not abuse: the per-user limit is not what these tests measure.
            ["RateLimits__MessagesPerMinute"] = "10000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var instance = await WebInstance.StartAsync(name, settings);
        _instances.Add(instance);
        return instance;
    }

    public async Task<(ApplicationUser Employer, ApplicationUser Candidate, Guid ConversationId)> StartConversationAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var (employerResult, employer) = await accounts.RegisterEmployerAsync($"employer-{Guid.NewGuid():N}@example.com", Password, "Erin Employer", "Acme");
        Assert.True(employerResult.Succeeded, string.Join("; ", employerResult.Errors.Select(e => e.Description)));
        var (candidateResult, candidate) = await accounts.RegisterCandidateAsync($"candidate-{Guid.NewGuid():N}@example.com", Password, "Cara Candidate", headline: null);
        Assert.True(candidateResult.Succeeded, string.Join("; ", candidateResult.Errors.Select(e => e.Description)));
        var started = await _services.GetRequiredService<ConversationService>().StartAsync(employer.Id, candidate.Id, jobId: null);
        Assert.True(started.IsSuccess, started.Error?.Message);
        return (employer, candidate, started.Value);
    }

    /// <summary>
    /// Suspends the user in the database (new security stamp). This provider's bus is in-process: the test publishes
    /// <see cref="Messaging.Core.Realtime.UserSuspended"/> on Redis itself, as the instance an admin used would.
    /// </summary>
    public async Task SuspendInDatabaseAsync(string userId) =>
        Assert.True((await _services.GetRequiredService<Messaging.Core.Accounts.IAccountStatus>().SetSuspendedAsync(userId, true)).IsSuccess);

    /// <summary>Every stored message of these conversations, straight from the database.</summary>
    public async Task<IReadOnlyList<MessageView>> StoredMessagesAsync(IReadOnlyCollection<Guid> conversationIds)
    {
        await using var db = _services.GetRequiredService<IMessagingDbFactory>().Create();
        var messages = await db.Messages.AsNoTracking().Where(m => conversationIds.Contains(m.ConversationId)).ToListAsync();
        var cipher = _services.GetRequiredService<Messaging.Core.Encryption.MessageCipher>();
        return messages.Select(m => MessageView.From(m, cipher)).ToList();
    }

    /// <summary>Every instance's output, for a failure message.</summary>
    public string Output => string.Join("\n", _instances.Select(i => $"--- {i.Name} ---\n{i.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
