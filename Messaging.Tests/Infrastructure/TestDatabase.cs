using Messaging.Core;
using Messaging.Data;
using Messaging.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Tests.Infrastructure;

public enum TestProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A migrated database on a real provider with the domain and Identity services over it, wired by the
/// same extension methods as the app. Each instance owns its database.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFolder;
    private readonly PostgresDatabase? _postgres;

    private TestDatabase(ServiceProvider services, FakeTimeProvider time, string? sqliteFolder, PostgresDatabase? postgres, TestProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Services = services;
        Time = time;
        _sqliteFolder = sqliteFolder;
        _postgres = postgres;
    }

    public TestProvider Provider { get; }

    /// <summary>The raw connection string, for tests that look at the stored bytes without EF.</summary>
    public string ConnectionString { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    /// <param name="extraSettings">Configuration added to (or replacing) the defaults, e.g. other encryption keys.</param>
    public static async Task<TestDatabase> CreateAsync(TestProvider provider, IEnumerable<KeyValuePair<string, string?>>? extraSettings = null)
    {
        string? folder = null;
        PostgresDatabase? postgres = null;
        var settings = new Dictionary<string, string?>(TestKeys.Settings);
        if (provider == TestProvider.Sqlite)
        {
            folder = Directory.CreateTempSubdirectory("messaging-test-").FullName;
            settings["Database:Provider"] = "Sqlite";
            settings["ConnectionStrings:Messaging"] = $"Data Source={Path.Combine(folder, "test.db")}";
        }
        else
        {
            postgres = await PostgresDatabase.CreateAsync();
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Messaging"] = postgres.ConnectionString;
        }

        foreach (var (key, value) in extraSettings ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddMessagingCore()
            .AddMessagingData(configuration, folder ?? Path.GetTempPath());
        services.AddSingleton<TimeProvider>(time);
        // Options bound with BindConfiguration (rate limits) read the root configuration, as in the app.
        services.AddSingleton<IConfiguration>(configuration);
        services.AddIdentityCore<ApplicationUser>(o => o.Password.RequiredLength = 8)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MessagingDbContext>();
        services.AddScoped<AccountService>();
        services.AddScoped<Messaging.Data.Seeding.DemoSeeder>();

        var provider0 = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var database = new TestDatabase(provider0, time, folder, postgres, provider, settings["ConnectionStrings:Messaging"]!);
        await using (var scope = provider0.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<AccountService>().EnsureRolesAsync();
            await scope.ServiceProvider.GetRequiredService<Messaging.Data.Seeding.ModerationRuleSeeder>().EnsureDefaultsAsync();
        }

        // As a host would: the message writer's loop is a hosted service.
        foreach (var hosted in provider0.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return database;
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Services.GetServices<IHostedService>().Reverse())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await Services.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_sqliteFolder, recursive: true);
        }
    }
}
