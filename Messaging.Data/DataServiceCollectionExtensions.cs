using Messaging.Core.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Data;

public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "Messaging";

    /// <summary>
    /// Registers <see cref="MessagingDbContext"/> on the configured provider (the provider's subclass,
    /// so its own migrations apply) and <see cref="IMessagingDb"/> over it.
    /// </summary>
    public static IServiceCollection AddMessagingData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(connectionString, contentRoot);
                AddProvider<SqliteMessagingDbContext>(services, o => o.UseSqlite(sqlite), options.MaxPoolSize);
                break;
            case DatabaseProvider.Postgres:
                var postgres = Require(connectionString, options.Provider);
                AddProvider<PostgresMessagingDbContext>(services, o => o.UseNpgsql(postgres), options.MaxPoolSize);
                break;
            case DatabaseProvider.SqlServer:
                var sqlServer = Require(connectionString, options.Provider);
                AddProvider<SqlServerMessagingDbContext>(services, o => o.UseSqlServer(sqlServer), options.MaxPoolSize);
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'. Use Sqlite, SqlServer or Postgres.");
        }

        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<Seeding.ModerationRuleSeeder>();
        services.AddSingleton<Messaging.Core.Accounts.IAccountStatus, Accounts.AccountStatus>();
        services.AddSingleton<Accounts.SignInValidator>();
        // Attachments:Path, relative to the content root like the SQLite file.
        services.AddSingleton<Messaging.Core.Attachments.IAttachmentStore>(sp =>
        {
            var folder = configuration[$"{Messaging.Core.Attachments.AttachmentOptions.SectionName}:Path"];
            return new Attachments.LocalDiskAttachmentStore(Path.Combine(contentRoot, string.IsNullOrWhiteSpace(folder) ? "App_Data/attachments" : folder));
        });
        return services;
    }

    /// <summary>
    /// A pooled context factory for the domain services (one short-lived context per operation) and a scoped
    /// <see cref="MessagingDbContext"/> from the same pool for Identity, which works per request.
    /// </summary>
    private static void AddProvider<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure, int poolSize)
        where TContext : MessagingDbContext
    {
        services.AddPooledDbContextFactory<TContext>(configure, poolSize);
        services.AddScoped<MessagingDbContext>(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        services.AddSingleton<IMessagingDbFactory>(sp => new MessagingDbFactory<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>()));
    }

    private sealed class MessagingDbFactory<TContext>(IDbContextFactory<TContext> factory) : IMessagingDbFactory
        where TContext : MessagingDbContext
    {
        public IMessagingDb Create() => factory.CreateDbContext();
    }

    /// <summary>
    /// The SQLite connection string with a relative data source resolved against the content root
    /// (default <c>App_Data/messaging.db</c>), its folder created.
    /// </summary>
    public static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=App_Data/messaging.db" : configured);
        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        if (builder.Mode != SqliteOpenMode.Memory && Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        builder.Pooling = true;
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    private static string Require(string? connectionString, DatabaseProvider provider) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException($"Database:Provider is {provider} but ConnectionStrings:{ConnectionStringName} is not set.")
            : connectionString;
}
