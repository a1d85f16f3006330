using Messaging.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Tests.Data;

/// <summary>Each provider's migrations match the model, and SQL Server's (which cannot run here) script builds.</summary>
public class ProviderModelTests
{
    [Fact]
    public void Sqlite_model_has_no_pending_changes()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqliteMessagingDbContext");
    }

    [Fact]
    public void Postgres_model_has_no_pending_changes()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context PostgresMessagingDbContext");
    }

    [Fact]
    public void SqlServer_model_has_no_pending_changes()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqlServerMessagingDbContext");
    }

    [Fact]
    public void SqlServer_migration_script_generates_every_table()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        foreach (var table in new[] { "AspNetUsers", "AspNetRoles", "Conversations", "Messages", "Reactions", "Attachments", "Jobs", "CandidateProfiles", "EmployerProfiles", "ModerationRules", "ModerationFlags", "AuditEntries" })
        {
            Assert.Contains($"CREATE TABLE [{table}]", script, StringComparison.Ordinal);
        }

        Assert.Contains("CREATE UNIQUE INDEX [IX_Messages_SenderId_ClientMessageId]", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_provider_has_its_own_migrations()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.All(sqlite.Database.GetMigrations(), m => Assert.Contains("_", m));
        Assert.NotEmpty(sqlite.Database.GetMigrations());
        Assert.NotEmpty(postgres.Database.GetMigrations());
        Assert.NotEmpty(sqlServer.Database.GetMigrations());
        Assert.Equal("Messaging.Data.Migrations.Sqlite", MigrationNamespace(sqlite));
        Assert.Equal("Messaging.Data.Migrations.Postgres", MigrationNamespace(postgres));
        Assert.Equal("Messaging.Data.Migrations.SqlServer", MigrationNamespace(sqlServer));
    }

    private static string? MigrationNamespace(DbContext db) =>
        db.GetService<IMigrationsAssembly>().Migrations.Values.Select(t => t.Namespace).Distinct().Single();
}
