using Messaging.Core.Accounts;
using Messaging.Core.Audit;
using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Jobs;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Messaging.Data;

/// <summary>
/// Identity and domain tables in one context. Each database provider has a subclass
/// (<see cref="SqliteMessagingDbContext"/>, ...) only so that its migrations live in their own folder.
/// </summary>
public class MessagingDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options), IMessagingDb
{
    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<Message> Messages => Set<Message>();


    public DbSet<Reaction> Reactions => Set<Reaction>();

    public DbSet<MessageEdit> MessageEdits => Set<MessageEdit>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<Messaging.Core.Interviews.InterviewInvitation> InterviewInvitations => Set<Messaging.Core.Interviews.InterviewInvitation>();

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<CandidateProfile> CandidateProfiles => Set<CandidateProfile>();

    public DbSet<EmployerProfile> EmployerProfiles => Set<EmployerProfile>();

    public DbSet<ModerationRule> ModerationRules => Set<ModerationRule>();

    public DbSet<ModerationFlag> ModerationFlags => Set<ModerationFlag>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public Task InsertRowsAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken = default) where T : class =>
        RowInserter.InsertAsync(this, rows, cancellationToken);

    public Task AdvanceConversationsAsync(IReadOnlyList<ConversationAdvance> advances, CancellationToken cancellationToken = default) =>
        ConversationAdvancer.AdvanceAsync(this, advances, cancellationToken);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MessagingDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // All times are UTC. SQLite hands DateTime back as Unspecified: mark it UTC on the way out
        // so every provider returns the same value.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteMessagingDbContext(DbContextOptions<SqliteMessagingDbContext> options) : MessagingDbContext(options);

public sealed class PostgresMessagingDbContext(DbContextOptions<PostgresMessagingDbContext> options) : MessagingDbContext(options);

public sealed class SqlServerMessagingDbContext(DbContextOptions<SqlServerMessagingDbContext> options) : MessagingDbContext(options);
