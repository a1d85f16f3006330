using Messaging.Core.Audit;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Data.Accounts;

/// <summary>GDPR: a user's data as a download, and account deletion that anonymises the user.</summary>
public sealed class PersonalDataService(
    MessagingDbContext db, IChatEventBus bus, MessageCipher cipher, Messaging.Core.Attachments.IAttachmentStore files, AuditLog audit, SignInValidator signIns, TimeProvider time)
{
    public const string DeletedName = "Deleted user";

    /// <summary>Everything the platform holds about the user: account, profile, conversations with their own messages, and their reports.</summary>
    public async Task<PersonalDataExport?> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var role = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name).FirstOrDefaultAsync(cancellationToken);
        var candidate = await db.CandidateProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        var employer = await db.EmployerProfiles.AsNoTracking().Include(p => p.Jobs).FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        var conversations = await db.Conversations.AsNoTracking()
            .Where(c => c.CandidateId == userId || c.EmployerId == userId)
            .Select(c => new
            {
                c.Id,
                c.CreatedAt,
                c.Subject,
                c.Status,
                With = c.CandidateId == userId ? c.Employer!.DisplayName : c.Candidate!.DisplayName,
                Job = c.Job != null ? c.Job.Title : null,
            })
            .ToListAsync(cancellationToken);
        var messages = await db.Messages.AsNoTracking().Where(m => m.SenderId == userId).OrderBy(m => m.ConversationId).ThenBy(m => m.Sequence).ToListAsync(cancellationToken);
        var reports = await db.ModerationFlags.AsNoTracking().Where(f => f.ReporterId == userId).OrderBy(f => f.CreatedAt).ToListAsync(cancellationToken);

        return new PersonalDataExport(
            time.GetUtcNow().UtcDateTime,
            new ExportAccount(user.Id, user.Email, user.DisplayName, role, user.CreatedAt),
            candidate is null ? null : new ExportCandidateProfile(candidate.DisplayName, candidate.Headline),
            employer is null ? null : new ExportEmployerProfile(employer.DisplayName, employer.CompanyName, employer.Jobs.Select(j => j.Title).ToList()),
            conversations.Select(c => new ExportConversation(
                c.Id, c.With, c.Job, c.Subject, c.Status.ToString(), c.CreatedAt,
                messages.Where(m => m.ConversationId == c.Id).Select(m => MessageView.From(m, cipher))
                    .Select(m => new ExportMessage(m.Sequence, m.CreatedAt, m.EditedAt, m.IsDeleted || m.IsRemoved ? null : m.Body, m.IsDeleted, m.IsRemoved)).ToList())).ToList(),
            reports.Select(r => new ExportReport(r.CreatedAt, r.ConversationId, r.MessageId, r.Reason.ToString(), r.Details, r.Status.ToString())).ToList());
    }

    /// <summary>
    /// Deletes the account by anonymising it: name and e-mail replaced, password removed, the bodies of their
    /// messages erased. Conversations stay for the other party (shown with "Deleted user") and are closed.
    /// </summary>
    public async Task<bool> DeleteAccountAsync(string userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var anonymous = $"deleted-{user.Id}@deleted.invalid";
        user.DisplayName = DeletedName;
        user.Email = user.UserName = anonymous;
        user.NormalizedEmail = user.NormalizedUserName = anonymous.ToUpperInvariant();
        user.PasswordHash = null;
        user.PhoneNumber = null;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;

        await db.CandidateProfiles.Where(p => p.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(p => p.DisplayName, DeletedName).SetProperty(p => p.Headline, (string?)null), cancellationToken);
        await db.EmployerProfiles.Where(p => p.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(p => p.DisplayName, DeletedName), cancellationToken);
        await db.MessageEdits.Where(e => db.Messages.Any(m => m.Id == e.MessageId && m.SenderId == userId)).ExecuteDeleteAsync(cancellationToken);
        var sent = await db.Messages.Where(m => m.SenderId == userId).Select(m => m.Id).ToListAsync(cancellationToken);
        await MessageEditService.DeleteFilesAsync(db, files, sent, cancellationToken);
        await db.Messages.Where(m => m.SenderId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.BodyCiphertext, (byte[]?)null)
            .SetProperty(m => m.OriginalCiphertext, (byte[]?)null)
            .SetProperty(m => m.SearchFilter, Array.Empty<byte>()) // their words must not stay findable either
            .SetProperty(m => m.DeletedAt, m => m.DeletedAt ?? now), cancellationToken);

        // Interview notes they wrote and reasons they gave for declining go too.
        await db.InterviewInvitations.Where(i => i.EmployerId == userId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Note, (string?)null), cancellationToken);
        await db.InterviewInvitations.Where(i => db.Conversations.Any(c => c.Id == i.ConversationId && c.CandidateId == userId))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.DeclineReason, (string?)null), cancellationToken);
        var conversations = await db.Conversations.Where(c => c.CandidateId == userId || c.EmployerId == userId).ToListAsync(cancellationToken);
        foreach (var conversation in conversations.Where(c => c.Status == ConversationStatus.Active))
        {
            conversation.Status = ConversationStatus.Blocked;
            conversation.BlockedById = userId;
        }

        audit.Add(db, userId, "user.deleted", "User", userId, "Account deleted by its owner (anonymised)");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var conversation in conversations)
        {
            await bus.PublishAsync(new ConversationChanged(new ConversationRef(conversation.Id, conversation.CandidateId, conversation.EmployerId)), cancellationToken);
        }

        // As for a suspension: cached sign-ins are dropped and open tabs and hub connections closed on every instance.
        signIns.Forget(userId);
        await bus.PublishAsync(new UserSuspended(userId), cancellationToken);
        return true;
    }
}

public sealed record PersonalDataExport(
    DateTime ExportedAt,
    ExportAccount Account,
    ExportCandidateProfile? CandidateProfile,
    ExportEmployerProfile? EmployerProfile,
    IReadOnlyList<ExportConversation> Conversations,
    IReadOnlyList<ExportReport> ReportsFiled);

public sealed record ExportAccount(string Id, string? Email, string DisplayName, string? Role, DateTime CreatedAt);

public sealed record ExportCandidateProfile(string DisplayName, string? Headline);

public sealed record ExportEmployerProfile(string DisplayName, string CompanyName, IReadOnlyList<string> Jobs);

public sealed record ExportConversation(Guid Id, string With, string? Job, string? Subject, string Status, DateTime StartedAt, IReadOnlyList<ExportMessage> MyMessages);

public sealed record ExportMessage(long Sequence, DateTime SentAt, DateTime? EditedAt, string? Text, bool Deleted, bool RemovedByModerator);

public sealed record ExportReport(DateTime At, Guid ConversationId, Guid? MessageId, string Reason, string? Details, string Status);
