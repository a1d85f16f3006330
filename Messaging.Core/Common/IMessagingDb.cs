using Messaging.Core.Accounts;
using Messaging.Core.Audit;
using Messaging.Core.Conversations;
using Messaging.Core.Jobs;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Messaging.Core.Common;

/// <summary>The narrow view of the database that domain services work against (implemented by Messaging.Data).</summary>
public interface IMessagingDb : IAsyncDisposable, IDisposable
{
    DbSet<Conversation> Conversations { get; }

    DbSet<Message> Messages { get; }

    DbSet<Reaction> Reactions { get; }

    DbSet<MessageEdit> MessageEdits { get; }

    DbSet<Attachment> Attachments { get; }

    DbSet<Interviews.InterviewInvitation> InterviewInvitations { get; }

    DbSet<Job> Jobs { get; }

    DbSet<CandidateProfile> CandidateProfiles { get; }

    DbSet<EmployerProfile> EmployerProfiles { get; }

    DbSet<ModerationRule> ModerationRules { get; }

    DbSet<ModerationFlag> ModerationFlags { get; }

    DbSet<AuditEntry> AuditEntries { get; }

    DatabaseFacade Database { get; }

    Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker ChangeTracker { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts new rows in multi-row statements, in the current transaction, without tracking them: for the
    /// group-commit writer's many messages and search tokens. Keys must be set by the caller.
    /// </summary>
    Task InsertRowsAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken = default) where T : class;

    /// <summary>
    /// Moves conversations on in as few statements as the provider allows, in the current transaction. Each row
    /// changes only if its LastSequence is still <see cref="ConversationAdvance.FromSequence"/>; when any did not, a
    /// <see cref="DbUpdateConcurrencyException"/> is thrown (another instance wrote to it meanwhile).
    /// </summary>
    Task AdvanceConversationsAsync(IReadOnlyList<ConversationAdvance> advances, CancellationToken cancellationToken = default);
}

/// <summary>
/// Creates a short-lived database session per operation. Blazor circuits live for minutes and run event
/// handlers concurrently, so services never hold one context across calls.
/// </summary>
public interface IMessagingDbFactory
{
    IMessagingDb Create();
}
