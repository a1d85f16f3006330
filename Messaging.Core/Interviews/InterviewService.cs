using System.Globalization;
using Messaging.Core.Common;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Core.Interviews;

/// <summary>
/// Interview invitations: the employer proposes up to three times, the candidate accepts one or declines. Each step is
/// a message in the conversation (the invitation, then a system note), and the invitation's message is republished
/// so both sides see its state change live.
/// </summary>
public sealed class InterviewService(IMessagingDbFactory dbFactory, IChatEventBus bus, MessageService messages, OutgoingTextPolicy policy, MessageCipher cipher, TimeProvider time, ILogger<InterviewService> logger)
{
    public const string InvitationText = "Interview invitation";

    private static readonly OutgoingTextRule PlaceRule = new(InterviewInvitation.MaxLocationLength, Required: true, _ => InterviewErrors.TooLong("place or link", InterviewInvitation.MaxLocationLength));
    private static readonly OutgoingTextRule NoteRule = new(InterviewInvitation.MaxNoteLength, Required: false, _ => InterviewErrors.TooLong("note", InterviewInvitation.MaxNoteLength));
    private static readonly OutgoingTextRule ReasonRule = new(InterviewInvitation.MaxReasonLength, Required: false, _ => InterviewErrors.TooLong("reason", InterviewInvitation.MaxReasonLength));

    /// <summary>
    /// Sends an invitation as a message of its own. Sending again with the same <paramref name="clientMessageId"/>
    /// returns the stored invitation and stores nothing new.
    /// </summary>
    public async Task<Result<MessageView>> InviteAsync(string employerId, Guid conversationId, Guid clientMessageId, IReadOnlyList<DateTime> slots, int durationMinutes, string? locationOrLink, string? note, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).Select(c => new { c.CandidateId, c.EmployerId, c.Status }).FirstOrDefaultAsync(cancellationToken);
        if (conversation is null || (conversation.CandidateId != employerId && conversation.EmployerId != employerId))
        {
            return Error.NotParticipant();
        }

        if (conversation.EmployerId != employerId)
        {
            return InterviewErrors.EmployersOnly;
        }

        if (conversation.Status == Conversations.ConversationStatus.Blocked)
        {
            return MessageErrors.ConversationBlocked;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var starts = slots.Select(s => s.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(s, DateTimeKind.Utc) : s.ToUniversalTime()).ToList();
        if (starts.Count is < 1 or > InterviewInvitation.MaxSlots)
        {
            return InterviewErrors.SlotCount;
        }

        if (starts.Any(s => s <= now))
        {
            return InterviewErrors.SlotInPast;
        }

        if (starts.Distinct().Count() != starts.Count)
        {
            return InterviewErrors.SlotsRepeat;
        }

        if (durationMinutes is < InterviewInvitation.MinDurationMinutes or > InterviewInvitation.MaxDurationMinutes)
        {
            return InterviewErrors.Duration;
        }

        if (string.IsNullOrWhiteSpace(locationOrLink))
        {
            return InterviewErrors.LocationRequired;
        }

        var location = locationOrLink.Trim();
        if (location.Length <= InterviewInvitation.MaxLocationLength && LooksLikeLink(location) && !IsHttpLink(location))
        {
            return InterviewErrors.BadLink;
        }

        // The place and the note are free text from one side to the other: the policy of a message's text applies;
        // the sender's standing and rate are checked with the send below.
        var place = await policy.CheckFieldAsync(location, PlaceRule, cancellationToken);
        if (!place.IsSuccess)
        {
            return place.Error!;
        }

        var checkedNote = await policy.CheckFieldAsync(note, NoteRule, cancellationToken);
        if (!checkedNote.IsSuccess)
        {
            return checkedNote.Error!;
        }

        var text = checkedNote.Value.Text is { Length: > 0 } shown ? shown : null;
        var invitation = new InterviewInvitation
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversationId,
            EmployerId = employerId,
            Slot1 = starts[0],
            Slot2 = starts.Count > 1 ? starts[1] : null,
            Slot3 = starts.Count > 2 ? starts[2] : null,
            DurationMinutes = durationMinutes,
            Location = place.Value.Text,
            Note = text,
            Status = InterviewStatus.Pending,
            CreatedAt = now,
        };
        // The invitation row commits with its message; the message's view carries the invitation card.
        var draft = new MessageDraft(employerId, conversationId, clientMessageId, MessageType.InterviewInvite, InvitationText)
        {
            Related = (tx, message) =>
            {
                invitation.MessageId = message.Id;
                tx.InterviewInvitations.Add(invitation);
                return Task.FromResult<Error?>(null);
            },
            View = message => MessageView.From(message, InvitationText) with { Interview = InterviewView.From(invitation) },
        };
        var sent = await messages.SendAsync(draft, cancellationToken);
        if (sent.IsSuccess && sent.Value.Id == draft.MessageId)
        {
            logger.LogInformation("Interview invitation {InvitationId} sent in {ConversationId}", invitation.Id, conversationId);
        }

        return sent;
    }

    /// <summary>The candidate accepts the proposed time at <paramref name="slotIndex"/> (0-based).</summary>
    public Task<Result<InterviewView>> AcceptAsync(string candidateId, Guid invitationId, int slotIndex, CancellationToken cancellationToken = default) =>
        RespondAsync(candidateId, invitationId, candidate: true, (invitation, name) =>
        {
            if (slotIndex < 0 || slotIndex >= invitation.Slots.Count)
            {
                return InterviewErrors.NoSuchSlot;
            }

            var start = invitation.Slots[slotIndex];
            if (start <= time.GetUtcNow().UtcDateTime)
            {
                return InterviewErrors.SlotPassed;
            }

            return new Response(InterviewStatus.Accepted, slotIndex, null, $"{name} accepted: {Describe(start, invitation.DurationMinutes)}");
        }, cancellationToken);

    public async Task<Result<InterviewView>> DeclineAsync(string candidateId, Guid invitationId, string? reason, CancellationToken cancellationToken = default)
    {
        // The reason is free text to the other side: the policy of a message's text applies.
        var checkedReason = await policy.CheckFieldAsync(reason, ReasonRule, cancellationToken);
        if (!checkedReason.IsSuccess)
        {
            return checkedReason.Error!;
        }

        var why = checkedReason.Value.Text is { Length: > 0 } shown ? shown : null;
        return await RespondAsync(candidateId, invitationId, candidate: true, (_, name) =>
            new Response(InterviewStatus.Declined, null, why, why is null ? $"{name} declined the interview invitation." : $"{name} declined the interview invitation: {why}"), cancellationToken);
    }

    /// <summary>The employer withdraws a pending invitation.</summary>
    public Task<Result<InterviewView>> CancelAsync(string employerId, Guid invitationId, CancellationToken cancellationToken = default) =>
        RespondAsync(employerId, invitationId, candidate: false, (_, name) =>
            new Response(InterviewStatus.Cancelled, null, null, $"{name} cancelled the interview invitation."), cancellationToken);

    /// <summary>An accepted invitation as an iCalendar file, for either participant.</summary>
    public async Task<Result<InterviewCalendarFile>> IcsAsync(string userId, Guid invitationId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create();
        var invitation = await db.InterviewInvitations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == invitationId, cancellationToken);
        if (invitation is null)
        {
            return InterviewErrors.NotFound;
        }

        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == invitation.ConversationId, cancellationToken);
        if (!conversation.IsParticipant(userId) || invitation.Status != InterviewStatus.Accepted || invitation.AcceptedStart is null)
        {
            return InterviewErrors.NotFound;
        }

        var candidate = await db.CandidateProfiles.AsNoTracking().Where(p => p.UserId == conversation.CandidateId).Select(p => p.DisplayName).FirstOrDefaultAsync(cancellationToken);
        var company = await db.EmployerProfiles.AsNoTracking().Where(p => p.UserId == conversation.EmployerId).Select(p => p.CompanyName).FirstOrDefaultAsync(cancellationToken);
        var content = InterviewCalendar.Build(invitation, $"Interview: {company ?? "Employer"} and {candidate ?? "candidate"}", time.GetUtcNow().UtcDateTime);
        return new InterviewCalendarFile($"interview-{invitation.AcceptedStart:yyyyMMdd-HHmm}.ics", content);
    }

    /// <summary>"Thu 4 Dec 10:00–10:45 UTC".</summary>
    public static string Describe(DateTime start, int durationMinutes) =>
        string.Create(CultureInfo.InvariantCulture, $"{start:ddd d MMM HH:mm}–{start.AddMinutes(durationMinutes):HH:mm} UTC");

    public static bool LooksLikeLink(string location) =>
        location.Contains("://", StringComparison.Ordinal) || location.StartsWith("www.", StringComparison.OrdinalIgnoreCase);

    public static bool IsHttpLink(string location) =>
        !location.Any(char.IsWhiteSpace) && Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    private sealed record Response(InterviewStatus Status, int? Slot, string? Reason, string Note);

    private async Task<Result<InterviewView>> RespondAsync(string userId, Guid invitationId, bool candidate, Func<InterviewInvitation, string, Result<Response>> decide, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.Create();
        var invitation = await db.InterviewInvitations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == invitationId, cancellationToken);
        if (invitation is null)
        {
            return InterviewErrors.NotFound;
        }

        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == invitation.ConversationId, cancellationToken);
        if (!conversation.IsParticipant(userId))
        {
            // Same answer as for a missing invitation: existence is not revealed.
            return InterviewErrors.NotFound;
        }

        if (candidate ? conversation.CandidateId != userId : conversation.EmployerId != userId)
        {
            return candidate ? InterviewErrors.CandidateOnly : InterviewErrors.EmployersOnly;
        }

        var name = candidate
            ? await db.CandidateProfiles.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : await db.EmployerProfiles.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.DisplayName).FirstOrDefaultAsync(cancellationToken);
        var decided = decide(invitation, FirstName(name) ?? (candidate ? "The candidate" : "The employer"));
        if (!decided.IsSuccess)
        {
            return decided.Error!;
        }

        var response = decided.Value;
        if (invitation.Status != InterviewStatus.Pending)
        {
            // The same answer again (a double click, a retry after a lost reply) is answered with the invitation as it is.
            return invitation.Status == response.Status && invitation.AcceptedSlot == response.Slot
                ? (await ViewOfInvitationAsync(db, invitation, cancellationToken)).Interview!
                : InterviewErrors.AlreadyAnswered;
        }

        // The answer is a system note through the one send path (the actor's standing and rate are checked there).
        // Its client message id is the invitation's: an invitation is answered once.
        var now = time.GetUtcNow().UtcDateTime;
        var note = new MessageDraft(userId, conversation.Id, invitation.Id, MessageType.System, response.Note)
        {
            Related = async (tx, _) =>
            {
                // Only a pending invitation changes, checked inside the transaction: a second answer, even a concurrent one, is refused.
                var changed = await tx.InterviewInvitations
                    .Where(i => i.Id == invitationId && i.Status == InterviewStatus.Pending)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(i => i.Status, response.Status)
                        .SetProperty(i => i.AcceptedSlot, response.Slot)
                        .SetProperty(i => i.DeclineReason, response.Reason)
                        .SetProperty(i => i.RespondedAt, now), CancellationToken.None); // the writer finishes what it started
                return changed == 1 ? null : InterviewErrors.AlreadyAnswered;
            },
        };
        var sent = await messages.SendAsync(note, cancellationToken);
        if (!sent.IsSuccess)
        {
            return sent.Error!;
        }

        var updated = await ViewOfInvitationAsync(db, invitation, cancellationToken);
        await bus.PublishAsync(new MessageUpdated(new ConversationRef(conversation.Id, conversation.CandidateId, conversation.EmployerId), updated), cancellationToken);
        logger.LogInformation("Interview invitation {InvitationId} is now {Status}", invitationId, response.Status);
        return updated.Interview!;
    }

    private async Task<MessageView> ViewOfInvitationAsync(IMessagingDb db, InterviewInvitation invitation, CancellationToken cancellationToken)
    {
        var message = await db.Messages.AsNoTracking().FirstAsync(m => m.Id == invitation.MessageId, cancellationToken);
        return await MessageViews.BuildAsync(db, cipher, message, cancellationToken);
    }

    private static string? FirstName(string? name) => name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
}

/// <summary>A calendar file to download.</summary>
public sealed record InterviewCalendarFile(string FileName, string Content);
