using Messaging.Core.Common;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Conversations;

/// <summary>Starting, opening, archiving and blocking conversations, each checked against the caller.</summary>
public sealed class ConversationService(IMessagingDbFactory dbFactory, ConversationAccess access, IChatEventBus bus, Moderation.UserRateLimiter limits, TimeProvider time)
{
    /// <summary>
    /// Starts a conversation between a candidate and an employer (either may start it), optionally about one of
    /// the employer's jobs. There is one conversation per pair and job: starting it again returns the existing one.
    /// </summary>
    public async Task<Result<Guid>> StartAsync(string userId, string otherUserId, Guid? jobId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var iAmCandidate = await db.CandidateProfiles.AnyAsync(p => p.UserId == userId, cancellationToken);
        var iAmEmployer = !iAmCandidate && await db.EmployerProfiles.AnyAsync(p => p.UserId == userId, cancellationToken);
        if (!iAmCandidate && !iAmEmployer)
        {
            return Error.Forbidden("Only candidates and employers can start conversations.");
        }

        var otherExists = iAmCandidate
            ? await db.EmployerProfiles.AnyAsync(p => p.UserId == otherUserId, cancellationToken)
            : await db.CandidateProfiles.AnyAsync(p => p.UserId == otherUserId, cancellationToken);
        if (!otherExists)
        {
            return Error.Invalid(iAmCandidate ? "Candidates can start conversations with employers only." : "Employers can start conversations with candidates only.");
        }

        var candidateId = iAmCandidate ? userId : otherUserId;
        var employerId = iAmCandidate ? otherUserId : userId;
        string? subject = null;
        if (jobId is { } id)
        {
            subject = await db.Jobs.Where(j => j.Id == id && j.EmployerId == employerId).Select(j => j.Title).FirstOrDefaultAsync(cancellationToken);
            if (subject is null)
            {
                return Error.Invalid("That job does not belong to this employer.");
            }
        }

        var existing = await FindAsync(db, candidateId, employerId, jobId, cancellationToken);
        if (existing is not null)
        {
            return existing.Value;
        }

        if (limits.TryConversation(userId) is { } limited)
        {
            return limited;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(),
            CandidateId = candidateId,
            EmployerId = employerId,
            JobId = jobId,
            Subject = subject,
            CreatedAt = now,
            LastActivityAt = now,
        };
        db.Conversations.Add(conversation);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Both sides started it at the same moment: the unique index kept one, which is the answer.
            db.ChangeTracker.Clear();
            var raced = await FindAsync(db, candidateId, employerId, jobId, cancellationToken);
            if (raced is null)
            {
                throw;
            }

            return raced.Value;
        }

        await bus.PublishAsync(new ConversationChanged(new ConversationRef(conversation.Id, candidateId, employerId)), cancellationToken);
        return conversation.Id;
    }

    /// <summary>Archives (or restores) the conversation for the caller only; a new message restores it.</summary>
    public async Task<Result<bool>> SetArchivedAsync(string userId, Guid conversationId, bool archived, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        DateTime? at = archived ? time.GetUtcNow().UtcDateTime : null;
        await using var db = dbFactory.Create();
        if (allowed.Value.CandidateId == userId)
        {
            await db.Conversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(s => s.SetProperty(c => c.CandidateArchivedAt, at), cancellationToken);
        }
        else
        {
            await db.Conversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(s => s.SetProperty(c => c.EmployerArchivedAt, at), cancellationToken);
        }

        await bus.PublishAsync(new ConversationChanged(allowed.Value), cancellationToken);
        return archived;
    }

    /// <summary>Blocks the conversation: nobody can send until the participant who blocked it unblocks it.</summary>
    public async Task<Result<bool>> SetBlockedAsync(string userId, Guid conversationId, bool blocked, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        await using var db = dbFactory.Create();
        int changed;
        if (blocked)
        {
            changed = await db.Conversations.Where(c => c.Id == conversationId && c.Status == ConversationStatus.Active)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConversationStatus.Blocked).SetProperty(c => c.BlockedById, userId), cancellationToken);
        }
        else
        {
            changed = await db.Conversations.Where(c => c.Id == conversationId && c.Status == ConversationStatus.Blocked && c.BlockedById == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConversationStatus.Active).SetProperty(c => c.BlockedById, (string?)null), cancellationToken);
            if (changed == 0 && await db.Conversations.AnyAsync(c => c.Id == conversationId && c.Status == ConversationStatus.Blocked, cancellationToken))
            {
                return Error.Forbidden("Only the person who blocked this conversation can unblock it.");
            }
        }

        if (changed > 0)
        {
            await bus.PublishAsync(new ConversationChanged(allowed.Value), cancellationToken);
        }

        return blocked;
    }

    /// <summary>People the user can start a conversation with: employers for a candidate, candidates for an employer.</summary>
    public async Task<IReadOnlyList<Contact>> SearchContactsAsync(string userId, string? search, int limit = 20, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var term = string.IsNullOrWhiteSpace(search) ? null : search.Trim().ToLower();
        if (await db.CandidateProfiles.AnyAsync(p => p.UserId == userId, cancellationToken))
        {
            return await db.EmployerProfiles.AsNoTracking()
                .Where(p => term == null || p.DisplayName.ToLower().Contains(term) || p.CompanyName.ToLower().Contains(term))
                .OrderBy(p => p.CompanyName).ThenBy(p => p.DisplayName)
                .Take(limit)
                .Select(p => new Contact(p.UserId, p.DisplayName, p.CompanyName))
                .ToListAsync(cancellationToken);
        }

        if (await db.EmployerProfiles.AnyAsync(p => p.UserId == userId, cancellationToken))
        {
            return await db.CandidateProfiles.AsNoTracking()
                .Where(p => term == null || p.DisplayName.ToLower().Contains(term) || (p.Headline != null && p.Headline.ToLower().Contains(term)))
                .OrderBy(p => p.DisplayName)
                .Take(limit)
                .Select(p => new Contact(p.UserId, p.DisplayName, p.Headline))
                .ToListAsync(cancellationToken);
        }

        return [];
    }

    /// <summary>The open jobs of the employer in a future conversation (the caller or the other side).</summary>
    public async Task<IReadOnlyList<JobOption>> JobsOfAsync(string employerId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        return await db.Jobs.AsNoTracking()
            .Where(j => j.EmployerId == employerId && j.IsOpen)
            .OrderBy(j => j.Title)
            .Select(j => new JobOption(j.Id, j.Title))
            .ToListAsync(cancellationToken);
    }

    private static async Task<Guid?> FindAsync(IMessagingDb db, string candidateId, string employerId, Guid? jobId, CancellationToken cancellationToken) =>
        await db.Conversations.AsNoTracking()
            .Where(c => c.CandidateId == candidateId && c.EmployerId == employerId && c.JobId == jobId)
            .Select(c => (Guid?)c.Id)
            .FirstOrDefaultAsync(cancellationToken);
}
