using Messaging.Bench.App;
using Messaging.Data;
using Messaging.Data.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Bench.Micro;

/// <summary>A fresh, migrated SQLite file with the default moderation rules, and the app's services over it.</summary>
public sealed class MicroDatabase : IAsyncDisposable
{
    private readonly string _folder;

    private MicroDatabase(string folder, ServiceProvider services)
    {
        _folder = folder;
        Services = services;
    }

    public ServiceProvider Services { get; }

    public string ConnectionString => $"Data Source={Path.Combine(_folder, "micro.db")}";

    public static async Task<MicroDatabase> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("messaging-micro-").FullName;
        var services = BenchServices.Create("Sqlite", $"Data Source={Path.Combine(folder, "micro.db")}");
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<Data.Accounts.AccountService>().EnsureRolesAsync();
            await scope.ServiceProvider.GetRequiredService<ModerationRuleSeeder>().EnsureDefaultsAsync();
        }

        return new MicroDatabase(folder, services);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans /tmp.
        }
    }
}
