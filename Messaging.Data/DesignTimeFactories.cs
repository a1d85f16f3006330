using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Messaging.Data;

// Used by `dotnet ef migrations add` only: each provider's context is built against a placeholder
// connection (no database is contacted when a migration is generated).

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMessagingDbContext>
{
    public SqliteMessagingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMessagingDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMessagingDbContext>
{
    public PostgresMessagingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMessagingDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerMessagingDbContext>
{
    public SqlServerMessagingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerMessagingDbContext>().UseSqlServer("Server=localhost;Database=design;TrustServerCertificate=True").Options);
}
