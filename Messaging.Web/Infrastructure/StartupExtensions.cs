using Messaging.Data;
using Messaging.Data.Accounts;
using Messaging.Data.Seeding;
using Microsoft.Extensions.Options;

namespace Messaging.Web.Infrastructure;

internal static class StartupExtensions
{
    /// <summary>Migrates the database (unless disabled), then creates roles, the configured admin and, if asked, the demo data.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.MigrateOnStartup || args.Contains("--migrate") || args.Contains("--migrate-only"))
        {
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        }

        var accounts = services.GetRequiredService<AccountService>();
        await accounts.EnsureRolesAsync();
        await services.GetRequiredService<ModerationRuleSeeder>().EnsureDefaultsAsync();

        var admin = services.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(admin.Email))
        {
            await accounts.EnsureAdminAsync(admin.Email, admin.Password!, admin.DisplayName);
        }

        if (admin.SeedDemo || app.Environment.IsDevelopment() || args.Contains("--seed-demo"))
        {
            await services.GetRequiredService<DemoSeeder>().SeedAsync();
        }
    }
}
