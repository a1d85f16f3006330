using System.ComponentModel.DataAnnotations;

namespace Messaging.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    Postgres,
}

/// <summary>The <c>Database</c> section of appsettings.json.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the app starts (otherwise run with <c>--migrate</c>).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    [Range(1, 1024)]
    public int MaxPoolSize { get; set; } = 128;
}
