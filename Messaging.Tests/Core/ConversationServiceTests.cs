using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Realtime;
using Messaging.Data;
using Messaging.Data.Accounts;
using Messaging.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Core;

/// <summary>Starting, opening, archiving, blocking conversations and finding contacts, each checked against the caller.</summary>
public class ConversationServiceTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_candidate_can_start_a_conversation_with_an_employer(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var candidate = await ChatScenario.RegisterCandidateAsync(database, "dana@example.com", "Dana Kim", ".NET developer");
        var employer = await ChatScenario.RegisterEmployerAsync(database, "alice@example.com", "Alice Martin", "Acme Robotics");
        var service = database.Services.GetRequiredService<ConversationService>();
        using var employerList = new EventProbe(database.Services.GetRequiredService<IChatEventBus>(), ChatTopics.User(employer));

        var id = ChatScenario.Ok(await service.StartAsync(candidate, employer, null));

        var mine = ChatScenario.Ok(await database.Services.GetRequiredService<ConversationQueries>().GetAsync(candidate, id));
        var theirs = ChatScenario.Ok(await database.Services.GetRequiredService<ConversationQueries>().GetAsync(employer, id));
        Assert.Equal((candidate, employer), (mine.CandidateId, mine.EmployerId));
        Assert.Equal(employer, mine.OtherUserId);
        Assert.Equal("Alice Martin", mine.OtherName);
        Assert.Equal("Acme Robotics", mine.OtherDetail);
        Assert.Equal("Dana Kim", theirs.OtherName);
        Assert.Equal(".NET developer", theirs.OtherDetail);
        Assert.Equal(ConversationStatus.Active, mine.Status);
        Assert.Equal(0, mine.LastSequence);
        Assert.Null(mine.JobTitle);
        Assert.Equal(id, (await employerList.WaitForAsync<ConversationChanged>()).Conversation.Id);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_employer_can_start_a_conversation_with_a_candidate(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var candidate = await ChatScenario.RegisterCandidateAsync(database, "dana@example.com", "Dana Kim");
        var employer = await ChatScenario.RegisterEmployerAsync(database, "alice@example.com", "Alice Martin", "Acme Robotics");
        var service = database.Services.GetRequiredService<ConversationService>();

        var id = ChatScenario.Ok(await service.StartAsync(employer, candidate, null));

        var details = ChatScenario.Ok(await database.Services.GetRequiredService<ConversationQueries>().GetAsync(employer, id));
        Assert.Equal(candidate, details.CandidateId);
        Assert.Equal(employer, details.EmployerId);
        Assert.Equal(candidate, details.OtherUserId);
        Assert.Single(await database.Services.GetRequiredService<ConversationQueries>().ListAsync(candidate, ConversationFilter.All));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Starting_a_conversation_twice_returns_the_same_conversation(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);

        var again = ChatScenario.Ok(await chat.Conversations.StartAsync(chat.CandidateId, chat.EmployerId, null));
        var fromTheOtherSide = ChatScenario.Ok(await chat.Conversations.StartAsync(chat.EmployerId, chat.CandidateId, null));

        Assert.Equal(chat.ConversationId, again);
        Assert.Equal(chat.ConversationId, fromTheOtherSide);
        Assert.Single(await chat.Lists.ListAsync(chat.CandidateId, ConversationFilter.All));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Each_job_gets_its_own_conversation(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var developer = await ChatScenario.AddJobAsync(database, chat.EmployerId, "Backend Developer");
        var tester = await ChatScenario.AddJobAsync(database, chat.EmployerId, "QA Engineer");

        var aboutDeveloper = ChatScenario.Ok(await chat.Conversations.StartAsync(chat.CandidateId, chat.EmployerId, developer));
        var aboutTester = ChatScenario.Ok(await chat.Conversations.StartAsync(chat.EmployerId, chat.CandidateId, tester));
        var aboutDeveloperAgain = ChatScenario.Ok(await chat.Conversations.StartAsync(chat.EmployerId, chat.CandidateId, developer));

        Assert.Equal(3, new[] { chat.ConversationId, aboutDeveloper, aboutTester }.Distinct().Count());
        Assert.Equal(aboutDeveloper, aboutDeveloperAgain);
        var details = ChatScenario.Ok(await chat.Lists.GetAsync(chat.CandidateId, aboutDeveloper));
        Assert.Equal("Backend Developer", details.JobTitle);
        Assert.Equal("Backend Developer", details.Subject);
        Assert.Equal(3, (await chat.Lists.ListAsync(chat.CandidateId, ConversationFilter.All)).Count);
        Assert.Equal(aboutTester, Assert.Single(await chat.Lists.ListAsync(chat.EmployerId, new(JobId: tester))).Id);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_job_of_another_employer_is_refused(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var otherEmployer = await ChatScenario.RegisterEmployerAsync(database, "bob@example.com", "Bob Stone", "Globex");
        var theirJob = await ChatScenario.AddJobAsync(database, otherEmployer, "Data Engineer");

        ChatScenario.Fails(await chat.Conversations.StartAsync(chat.CandidateId, chat.EmployerId, theirJob), ErrorCode.Invalid);
        ChatScenario.Fails(await chat.Conversations.StartAsync(chat.EmployerId, chat.CandidateId, theirJob), ErrorCode.Invalid);
        ChatScenario.Fails(await chat.Conversations.StartAsync(chat.CandidateId, chat.EmployerId, Guid.NewGuid()), ErrorCode.Invalid);

        Assert.Single(await chat.Lists.ListAsync(chat.CandidateId, ConversationFilter.All));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Conversations_between_two_candidates_or_two_employers_are_refused(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var otherCandidate = await ChatScenario.RegisterCandidateAsync(database, "sam@example.com", "Sam Lee");
        var otherEmployer = await ChatScenario.RegisterEmployerAsync(database, "bob@example.com", "Bob Stone", "Globex");

        ChatScenario.Fails(await chat.Conversations.StartAsync(chat.CandidateId, otherCandidate, null), ErrorCode.Invalid);
        ChatScenario.Fails(await chat.Conversations.StartAsync(chat.EmployerId, otherEmployer, null), ErrorCode.Invalid);

        Assert.Empty(await chat.Lists.ListAsync(otherCandidate, ConversationFilter.All));
        Assert.Empty(await chat.Lists.ListAsync(otherEmployer, ConversationFilter.All));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_user_without_a_candidate_or_employer_profile_cannot_start_a_conversation(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        string adminId;
        await using (var scope = database.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountService>().EnsureAdminAsync("admin@example.com", ChatScenario.Password, "Admin");
            adminId = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("admin@example.com"))!.Id;
        }

        ChatScenario.Fails(await chat.Conversations.StartAsync(adminId, chat.CandidateId, null), ErrorCode.Forbidden);
        ChatScenario.Fails(await chat.Conversations.StartAsync(chat.CandidateId, adminId, null), ErrorCode.Invalid);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GetAsync_by_an_outsider_is_refused_with_NotParticipant(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var outsider = await ChatScenario.RegisterEmployerAsync(database, "bob@example.com", "Bob Stone", "Globex");

        ChatScenario.Fails(await chat.Lists.GetAsync(outsider, chat.ConversationId), ErrorCode.NotParticipant);
        ChatScenario.Fails(await chat.Lists.GetAsync(chat.CandidateId, Guid.NewGuid()), ErrorCode.NotParticipant);
        ChatScenario.Fails(await chat.Conversations.SetArchivedAsync(outsider, chat.ConversationId, true), ErrorCode.NotParticipant);
        ChatScenario.Fails(await chat.Conversations.SetBlockedAsync(outsider, chat.ConversationId, true), ErrorCode.NotParticipant);
        Assert.Equal(ConversationStatus.Active, (await chat.StoredConversationAsync()).Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Archiving_hides_the_conversation_from_the_default_list_for_the_archiver_only(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await chat.SendAsync(chat.EmployerId, "Hello");

        ChatScenario.Ok(await chat.Conversations.SetArchivedAsync(chat.CandidateId, chat.ConversationId, archived: true));

        Assert.Null(await chat.ListEntryAsync(chat.CandidateId));
        var archived = await chat.ListEntryAsync(chat.CandidateId, new(Archived: true));
        Assert.NotNull(archived);
        Assert.True(archived.IsArchived);
        Assert.True(ChatScenario.Ok(await chat.Lists.GetAsync(chat.CandidateId, chat.ConversationId)).IsArchived);
        Assert.NotNull(await chat.ListEntryAsync(chat.EmployerId));
        Assert.Null(await chat.ListEntryAsync(chat.EmployerId, new(Archived: true)));

        ChatScenario.Ok(await chat.Conversations.SetArchivedAsync(chat.CandidateId, chat.ConversationId, archived: false));

        Assert.False((await chat.ListEntryAsync(chat.CandidateId))!.IsArchived);
        Assert.Null(await chat.ListEntryAsync(chat.CandidateId, new(Archived: true)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_new_message_unarchives_the_conversation(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        ChatScenario.Ok(await chat.Conversations.SetArchivedAsync(chat.CandidateId, chat.ConversationId, archived: true));
        ChatScenario.Ok(await chat.Conversations.SetArchivedAsync(chat.EmployerId, chat.ConversationId, archived: true));

        // A message from the other side brings it back for the one who archived it...
        await chat.SendAsync(chat.EmployerId, "Are you still looking?");

        var candidateEntry = await chat.ListEntryAsync(chat.CandidateId);
        Assert.NotNull(candidateEntry);
        Assert.False(candidateEntry.IsArchived);
        Assert.Equal("Are you still looking?", candidateEntry.LastMessagePreview);
        Assert.NotNull(await chat.ListEntryAsync(chat.EmployerId));

        // ...and so does one's own message.
        ChatScenario.Ok(await chat.Conversations.SetArchivedAsync(chat.CandidateId, chat.ConversationId, archived: true));
        await chat.SendAsync(chat.CandidateId, "Yes!");

        Assert.NotNull(await chat.ListEntryAsync(chat.CandidateId));
        Assert.Null(await chat.ListEntryAsync(chat.CandidateId, new(Archived: true)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Blocking_stops_sending_and_only_the_blocker_can_unblock(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        using var room = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));

        ChatScenario.Ok(await chat.Conversations.SetBlockedAsync(chat.CandidateId, chat.ConversationId, blocked: true));

        await room.WaitForAsync<ConversationChanged>();
        var blocker = ChatScenario.Ok(await chat.Lists.GetAsync(chat.CandidateId, chat.ConversationId));
        var blocked = ChatScenario.Ok(await chat.Lists.GetAsync(chat.EmployerId, chat.ConversationId));
        Assert.Equal(ConversationStatus.Blocked, blocker.Status);
        Assert.True(blocker.BlockedByMe);
        Assert.False(blocked.BlockedByMe);
        ChatScenario.Fails(await chat.Messages.SendAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), "Hello?"), ErrorCode.Blocked);

        ChatScenario.Fails(await chat.Conversations.SetBlockedAsync(chat.EmployerId, chat.ConversationId, blocked: false), ErrorCode.Forbidden);
        Assert.Equal(ConversationStatus.Blocked, (await chat.StoredConversationAsync()).Status);
        Assert.Equal(chat.CandidateId, (await chat.StoredConversationAsync()).BlockedById);
        ChatScenario.Fails(await chat.Messages.SendAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), "Hello?"), ErrorCode.Blocked);

        ChatScenario.Ok(await chat.Conversations.SetBlockedAsync(chat.CandidateId, chat.ConversationId, blocked: false));

        var stored = await chat.StoredConversationAsync();
        Assert.Equal(ConversationStatus.Active, stored.Status);
        Assert.Null(stored.BlockedById);
        Assert.Equal(1, (await chat.SendAsync(chat.EmployerId, "Thanks for unblocking")).Sequence);
        await room.SettleAsync(); // delivery is asynchronous: everything published before the marker has arrived
        Assert.Equal(2, room.All<ConversationChanged>().Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SearchContacts_returns_people_of_the_other_role_only(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var sam = await ChatScenario.RegisterCandidateAsync(database, "sam@example.com", "Sam Lee", "Data engineer");
        var bob = await ChatScenario.RegisterEmployerAsync(database, "bob@example.com", "Bob Stone", "Globex");

        var forCandidate = await chat.Conversations.SearchContactsAsync(chat.CandidateId, null);
        var forEmployer = await chat.Conversations.SearchContactsAsync(chat.EmployerId, null);

        Assert.Equal([chat.EmployerId, bob], forCandidate.Select(c => c.UserId));
        Assert.Equal(["Acme Robotics", "Globex"], forCandidate.Select(c => c.Detail!));
        Assert.Equal([chat.CandidateId, sam], forEmployer.Select(c => c.UserId));
        Assert.Equal(bob, Assert.Single(await chat.Conversations.SearchContactsAsync(chat.CandidateId, "GLOB")).UserId);
        Assert.Equal(sam, Assert.Single(await chat.Conversations.SearchContactsAsync(chat.EmployerId, " data ")).UserId);
        Assert.Empty(await chat.Conversations.SearchContactsAsync(chat.CandidateId, "Sam"));
        Assert.Empty(await chat.Conversations.SearchContactsAsync("not-a-user", null));
    }
}
