using Messaging.Core.Common;
using Messaging.Core.Interviews;
using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Tests.Core.Interviews;

/// <summary>Interview invitations: who may invite and answer, slot rules, one answer only, live updates, the calendar file.</summary>
public class InterviewServiceTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    // The test clock starts on Mon 2 Nov 2026 09:00 UTC.
    private static readonly DateTime Thursday10 = new(2026, 11, 5, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Friday14 = new(2026, 11, 6, 14, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Employer_invites_and_the_candidate_accepts_one_slot_live_for_both(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var interviews = chat.Get<InterviewService>();
        using var probe = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));

        var invite = ChatScenario.Ok(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10, Friday14], 45, "https://meet.example.com/abc", "Bring your portfolio"));

        Assert.Equal(MessageType.InterviewInvite, invite.Type);
        Assert.Equal(chat.EmployerId, invite.SenderId);
        Assert.Equal(InterviewService.InvitationText, invite.Body);
        var pending = Assert.IsType<InterviewView>(invite.Interview);
        Assert.Equal([Thursday10, Friday14], pending.Slots);
        Assert.Equal(InterviewStatus.Pending, pending.Status);
        Assert.True(pending.IsLink);
        await probe.SettleAsync();
        Assert.Equal(invite, Assert.Single(probe.All<MessageCreated>()).Message);

        var accepted = ChatScenario.Ok(await interviews.AcceptAsync(chat.CandidateId, pending.Id, 1));

        Assert.Equal(InterviewStatus.Accepted, accepted.Status);
        Assert.Equal(1, accepted.AcceptedSlot);
        Assert.Equal(Friday14, accepted.AcceptedStart);
        await probe.SettleAsync();
        var note = probe.All<MessageCreated>()[^1].Message;
        Assert.Equal(MessageType.System, note.Type);
        Assert.Null(note.SenderId);
        Assert.Equal("Dana accepted: Fri 6 Nov 14:00–14:45 UTC", note.Body);
        var updated = Assert.Single(probe.All<MessageUpdated>()).Message;
        Assert.Equal(invite.Id, updated.Id);
        Assert.Equal(accepted, updated.Interview);

        // History carries the invitation's state, and the sequence has no gaps.
        var history = ChatScenario.Ok(await chat.History.HistoryAsync(chat.EmployerId, chat.ConversationId, null, 10));
        Assert.Equal([1L, 2L], history.Select(m => m.Sequence));
        Assert.Equal(InterviewStatus.Accepted, history[0].Interview!.Status);
        Assert.Equal(note.Body, history[1].Body);

        // No second answer.
        ChatScenario.Fails(await interviews.AcceptAsync(chat.CandidateId, pending.Id, 0), ErrorCode.Conflict);
        ChatScenario.Fails(await interviews.DeclineAsync(chat.CandidateId, pending.Id, null), ErrorCode.Conflict);
        Assert.Equal(2, (await chat.StoredMessagesAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Candidate_declines_with_a_reason_once(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var interviews = chat.Get<InterviewService>();
        var invite = ChatScenario.Ok(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10], 30, "Acme HQ, 1 Main St", null));

        ChatScenario.Fails(await interviews.DeclineAsync(chat.EmployerId, invite.Interview!.Id, null), ErrorCode.Forbidden);
        ChatScenario.Fails(await interviews.AcceptAsync(chat.EmployerId, invite.Interview!.Id, 0), ErrorCode.Forbidden);
        var declined = ChatScenario.Ok(await interviews.DeclineAsync(chat.CandidateId, invite.Interview!.Id, "I took another offer"));

        Assert.Equal(InterviewStatus.Declined, declined.Status);
        Assert.Null(declined.AcceptedSlot);
        Assert.Equal("I took another offer", declined.DeclineReason);
        Assert.False(declined.IsLink);
        var stored = await chat.StoredMessagesAsync();
        Assert.Equal("Dana declined the interview invitation: I took another offer", chat.BodyOf(stored[^1]));
        ChatScenario.Fails(await interviews.AcceptAsync(chat.CandidateId, invite.Interview!.Id, 0), ErrorCode.Conflict);
        ChatScenario.Fails(await interviews.IcsAsync(chat.CandidateId, invite.Interview!.Id), ErrorCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_note_and_the_decline_reason_pass_moderation(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var interviews = chat.Get<InterviewService>();

        var blocked = await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10], 30, "Acme HQ", "Pay the deposit with card 4111 1111 1111 1111");
        ChatScenario.Fails(blocked, ErrorCode.Rejected);
        Assert.Contains("Card numbers", blocked.Error!.Message);
        Assert.Empty(ChatScenario.Ok(await chat.History.HistoryAsync(chat.CandidateId, chat.ConversationId, null, 10)));

        var invite = ChatScenario.Ok(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10], 30, "Acme HQ", "Bring your portfolio"));
        var declined = await interviews.DeclineAsync(chat.CandidateId, invite.Interview!.Id, "Card 4111-1111-1111-1111 is all I have");
        ChatScenario.Fails(declined, ErrorCode.Rejected);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_invitation_sent_twice_with_the_same_client_id_is_stored_once_and_answering_twice_answers_once(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var interviews = chat.Get<InterviewService>();
        var clientId = Guid.NewGuid();

        // A double click on "Send invitation", or a retry after the answer was lost.
        var first = ChatScenario.Ok(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, clientId, [Thursday10], 30, "Acme HQ", "Bring your portfolio"));
        var again = ChatScenario.Ok(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, clientId, [Thursday10], 30, "Acme HQ", "Bring your portfolio"));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Interview!.Id, again.Interview!.Id);
        Assert.Single(await chat.StoredMessagesAsync());
        await using (var db = chat.Get<IMessagingDbFactory>().Create())
        {
            Assert.Equal(1, await db.InterviewInvitations.CountAsync(TestContext.Current.CancellationToken));
        }

        // The same answer twice is one answer; a different one after it is refused.
        var accepted = ChatScenario.Ok(await interviews.AcceptAsync(chat.CandidateId, first.Interview.Id, 0));
        var acceptedAgain = ChatScenario.Ok(await interviews.AcceptAsync(chat.CandidateId, first.Interview.Id, 0));
        Assert.Equal(InterviewStatus.Accepted, acceptedAgain.Status);
        Assert.Equal(accepted.AcceptedStart, acceptedAgain.AcceptedStart);
        ChatScenario.Fails(await interviews.DeclineAsync(chat.CandidateId, first.Interview.Id, null), ErrorCode.Conflict);
        Assert.Equal([MessageType.InterviewInvite, MessageType.System], (await chat.StoredMessagesAsync()).Select(m => m.Type));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_invitation_in_a_blocked_conversation_or_from_a_suspended_employer_is_refused_before_its_note_is_moderated(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var interviews = chat.Get<InterviewService>();
        const string Card = "Pay the deposit with card 4111 1111 1111 1111";

        ChatScenario.Ok(await chat.Conversations.SetBlockedAsync(chat.CandidateId, chat.ConversationId, blocked: true));
        ChatScenario.Fails(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10], 30, "Acme HQ", Card), ErrorCode.Blocked);
        ChatScenario.Ok(await chat.Conversations.SetBlockedAsync(chat.CandidateId, chat.ConversationId, blocked: false));

        ChatScenario.Ok(await chat.Get<Messaging.Core.Accounts.IAccountStatus>().SetSuspendedAsync(chat.EmployerId, true));
        ChatScenario.Fails(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10], 30, "Acme HQ", "See you then"), ErrorCode.Forbidden);
        Assert.Empty(await chat.StoredMessagesAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Only_the_employer_invites_with_one_to_three_future_slots_and_a_place(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var outsider = await ChatScenario.RegisterEmployerAsync(database, "eve@example.com", "Eve", "Evil Corp");
        var interviews = chat.Get<InterviewService>();
        using var probe = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));
        var past = new DateTime(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc);

        ChatScenario.Fails(await interviews.InviteAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), [Thursday10], 30, "Acme HQ", null), ErrorCode.Forbidden);
        ChatScenario.Fails(await interviews.InviteAsync(outsider, chat.ConversationId, Guid.NewGuid(), [Thursday10], 30, "Acme HQ", null), ErrorCode.NotParticipant);
        ChatScenario.Fails(await interviews.InviteAsync(chat.EmployerId, Guid.NewGuid(), Guid.NewGuid(), [Thursday10], 30, "Acme HQ", null), ErrorCode.NotParticipant);
        ChatScenario.Fails(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [], 30, "Acme HQ", null), ErrorCode.Invalid);
        ChatScenario.Fails(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(),
            [Thursday10, Friday14, Friday14.AddDays(1), Friday14.AddDays(2)], 30, "Acme HQ", null), ErrorCode.Invalid);
        ChatScenario.Fails(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [past], 30, "Acme HQ", null), ErrorCode.Invalid);
        ChatScenario.Fails(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10, Thursday10], 30, "Acme HQ", null), ErrorCode.Invalid);
        ChatScenario.Fails(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10], 0, "Acme HQ", null), ErrorCode.Invalid);
        ChatScenario.Fails(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10], 30, "  ", null), ErrorCode.Invalid);
        ChatScenario.Fails(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10], 30, "javascript://alert(1)", null), ErrorCode.Invalid);
        ChatScenario.Fails(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10], 30, "ftp://files.example.com", null), ErrorCode.Invalid);
        await probe.SettleAsync();
        Assert.Empty(probe.Events);
        Assert.Empty(await chat.StoredMessagesAsync());

        var three = ChatScenario.Ok(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10, Friday14, Friday14.AddDays(3)], 60, "Acme HQ", null));
        Assert.Equal(3, three.Interview!.Slots.Count);

        // An outsider cannot see or answer it.
        ChatScenario.Fails(await interviews.AcceptAsync(outsider, three.Interview.Id, 0), ErrorCode.NotFound);
        ChatScenario.Fails(await interviews.AcceptAsync(chat.CandidateId, Guid.NewGuid(), 0), ErrorCode.NotFound);
        ChatScenario.Fails(await interviews.AcceptAsync(chat.CandidateId, three.Interview.Id, 3), ErrorCode.Invalid);

        // A slot that has passed can no longer be accepted.
        database.Time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(2));
        ChatScenario.Fails(await interviews.AcceptAsync(chat.CandidateId, three.Interview.Id, 0), ErrorCode.Invalid);
        Assert.Equal(InterviewStatus.Accepted, ChatScenario.Ok(await interviews.AcceptAsync(chat.CandidateId, three.Interview.Id, 1)).Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ics_of_an_accepted_invitation_for_participants_only(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var outsider = await ChatScenario.RegisterCandidateAsync(database, "eve@example.com", "Eve");
        var interviews = chat.Get<InterviewService>();
        var invite = ChatScenario.Ok(await interviews.InviteAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), [Thursday10, Friday14], 45, "https://meet.example.com/abc", "Ask for Alice; bring a CV, please"));
        var id = invite.Interview!.Id;

        ChatScenario.Fails(await interviews.IcsAsync(chat.EmployerId, id), ErrorCode.NotFound);
        ChatScenario.Ok(await interviews.AcceptAsync(chat.CandidateId, id, 0));
        ChatScenario.Fails(await interviews.IcsAsync(outsider, id), ErrorCode.NotFound);

        var file = ChatScenario.Ok(await interviews.IcsAsync(chat.EmployerId, id));
        Assert.Equal(file.Content, ChatScenario.Ok(await interviews.IcsAsync(chat.CandidateId, id)).Content);
        Assert.Equal("interview-20261105-1000.ics", file.FileName);
        var lines = file.Content.Split("\r\n");
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("", lines[^1]);
        Assert.Contains("VERSION:2.0", lines);
        Assert.Contains("BEGIN:VEVENT", lines);
        Assert.Contains($"UID:{id:N}@messaging", lines);
        Assert.Contains("DTSTAMP:20261102T090000Z", lines);
        Assert.Contains("DTSTART:20261105T100000Z", lines);
        Assert.Contains("DTEND:20261105T104500Z", lines);
        Assert.Contains("SUMMARY:Interview: Acme Robotics and Dana Kim", lines);
        Assert.Contains("LOCATION:https://meet.example.com/abc", lines);
        Assert.All(lines, l => Assert.True(System.Text.Encoding.UTF8.GetByteCount(l) <= 75, l));
        var unfolded = file.Content.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.Contains(@"DESCRIPTION:Ask for Alice\; bring a CV\, please\nJoin: https://meet.example.com/abc", unfolded);
        Assert.Contains("END:VEVENT", lines);
    }
}
