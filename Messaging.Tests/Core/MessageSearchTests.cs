using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Messaging.Data.Accounts;
using Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Core;

public class MessageSearchTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Search_finds_messages_by_word_ignoring_case_and_accents(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var cafe = await chat.SendAsync(chat.EmployerId, "Shall we meet at the Café Zürich on Thursday?");
        var thursday = await chat.SendAsync(chat.CandidateId, "Thursday works, 10:00.");
        await chat.SendAsync(chat.EmployerId, "Great, see you then.");
        var search = chat.Get<MessageSearch>();

        Assert.Equal([thursday.Id, cafe.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "thursday")));
        Assert.Equal([cafe.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "CAFE zurich")));
        Assert.Equal([cafe.Id], Ids(await search.SearchAsync(chat.EmployerId, chat.ConversationId, "café")));
        Assert.Equal([cafe.Id], Ids(await search.SearchAsync(chat.EmployerId, chat.ConversationId, "thursday café")));
        Assert.Empty(Ids(await search.SearchAsync(chat.EmployerId, chat.ConversationId, "thursday monday")));
        Assert.Empty(Ids(await search.SearchAsync(chat.EmployerId, chat.ConversationId, "thurs")));
        Assert.Empty(Ids(await search.SearchAsync(chat.EmployerId, chat.ConversationId, "  ? ")));
        var found = ChatScenario.Ok(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "works"));
        Assert.Equal("Thursday works, 10:00.", Assert.Single(found.Messages).Body);
        Assert.Null(found.ContinueBefore);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Search_stays_within_the_conversation_and_refuses_outsiders(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var mine = await chat.SendAsync(chat.CandidateId, "Kubernetes experience?");
        var otherCandidate = await ChatScenario.RegisterCandidateAsync(database, "hana@example.com", "Hana Sato");
        var otherConversation = ChatScenario.Ok(await chat.Conversations.StartAsync(otherCandidate, chat.EmployerId, null));
        ChatScenario.Ok(await chat.Messages.SendAsync(otherCandidate, otherConversation, Guid.NewGuid(), "Kubernetes, three years"));
        var search = chat.Get<MessageSearch>();

        Assert.Equal([mine.Id], Ids(await search.SearchAsync(chat.EmployerId, chat.ConversationId, "kubernetes")));
        ChatScenario.Fails(await search.SearchAsync(otherCandidate, chat.ConversationId, "kubernetes"), ErrorCode.NotParticipant);
        ChatScenario.Fails(await search.SearchAsync(chat.CandidateId, Guid.NewGuid(), "kubernetes"), ErrorCode.NotParticipant);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Deleted_and_removed_messages_are_not_found(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var kept = await chat.SendAsync(chat.CandidateId, "Portfolio link follows");
        var deleted = await chat.SendAsync(chat.CandidateId, "Portfolio draft");
        var removed = await chat.SendAsync(chat.CandidateId, "Portfolio again");
        await using (var db = chat.Get<IMessagingDbFactory>().Create())
        {
            await db.Messages.Where(m => m.Id == deleted.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.DeletedAt, DateTime.UtcNow));
            await db.Messages.Where(m => m.Id == removed.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.RemovedAt, DateTime.UtcNow));
        }

        Assert.Equal([kept.Id], Ids(await chat.Get<MessageSearch>().SearchAsync(chat.EmployerId, chat.ConversationId, "portfolio")));
    }

    [Fact]
    public async Task The_filter_is_written_with_the_message_and_only_for_the_delivered_text()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);

        var filtered = await chat.SendAsync(chat.CandidateId, "Honestly idiot, what an idiot!");

        Assert.NotEqual("Honestly idiot, what an idiot!", filtered.Body);
        Assert.Equal(Index(chat).Filter(chat.ConversationId, filtered.Body), await FilterAsync(chat, filtered.Id));
        Assert.Empty(Ids(await chat.Get<MessageSearch>().SearchAsync(chat.EmployerId, chat.ConversationId, "idiot")));
        Assert.Equal([filtered.Id], Ids(await chat.Get<MessageSearch>().SearchAsync(chat.EmployerId, chat.ConversationId, "honestly")));
    }

    [Fact]
    public async Task Common_words_are_not_indexed_and_do_not_narrow_a_search()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);

        var interview = await chat.SendAsync(chat.EmployerId, "Is the interview on Friday at the office?");

        Assert.Equal(["interview", "friday", "office"], BlindIndex.Words(interview.Body));
        Assert.Equal(Index(chat).Filter(chat.ConversationId, "office friday interview"), await FilterAsync(chat, interview.Id));
        var search = chat.Get<MessageSearch>();
        Assert.Equal([interview.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "the interview on friday")));
        Assert.Empty(Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "is the")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_message_its_filter_lets_through_is_found_only_if_its_text_has_every_word(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var saturated = await chat.SendAsync(chat.CandidateId, "Portfolio attached");
        var real = await chat.SendAsync(chat.EmployerId, "Thanks for the portfolio and the references");
        await using (var db = chat.Get<IMessagingDbFactory>().Create())
        {
            // Every bit set: the filter passes any word, as a false positive would.
            var all = Enumerable.Repeat((byte)0xFF, 64).ToArray();
            await db.Messages.Where(m => m.Id == saturated.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.SearchFilter, all));
        }

        var search = chat.Get<MessageSearch>();
        Assert.Equal([real.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "references")));
        Assert.Equal([real.Id, saturated.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "portfolio")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Search_reads_the_history_page_by_page_newest_first(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var expected = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var sent = await chat.SendAsync(i % 2 == 0 ? chat.CandidateId : chat.EmployerId, i % 3 == 0 ? $"Offer letter draft {i}" : $"Other note {i}");
            if (i % 3 == 0)
            {
                expected.Insert(0, sent.Id);
            }
        }

        var search = ActivatorUtilities.CreateInstance<MessageSearch>(chat.Database.Services);
        search.ScanPageSize = 2;

        var all = ChatScenario.Ok(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "offer letter"));
        Assert.Equal(expected, all.Messages.Select(m => m.Id));
        Assert.Equal(3, expected.Count);
        Assert.Null(all.ContinueBefore);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_long_history_is_searched_in_steps_that_go_on_where_the_last_stopped(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var matches = new List<MessageView>();
        for (var i = 0; i < 9; i++)
        {
            var sent = await chat.SendAsync(i % 2 == 0 ? chat.CandidateId : chat.EmployerId, i % 4 == 0 ? $"Relocation budget {i}" : $"Other note {i}");
            if (i % 4 == 0)
            {
                matches.Insert(0, sent);
            }
        }

        var search = ActivatorUtilities.CreateInstance<MessageSearch>(chat.Database.Services);
        (search.ScanPageSize, search.ScanLimit) = (2, 3);

        // Messages 8..6: one match; 5..3 (the page of 2, then 1 to the limit): one; 2..0: one, and the history ends.
        var first = ChatScenario.Ok(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "relocation"));
        Assert.Equal([matches[0].Id], first.Messages.Select(m => m.Id));
        Assert.Equal(matches[0].Sequence - 2, first.ContinueBefore);

        var second = ChatScenario.Ok(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "relocation", first.ContinueBefore));
        Assert.Equal([matches[1].Id], second.Messages.Select(m => m.Id));
        Assert.NotNull(second.ContinueBefore);

        var third = ChatScenario.Ok(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "relocation", second.ContinueBefore));
        Assert.Equal([matches[2].Id], third.Messages.Select(m => m.Id));
        Assert.Null(ChatScenario.Ok(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "relocation", third.ContinueBefore)).ContinueBefore);
    }

    [Fact]
    public async Task A_search_with_more_results_than_one_answer_holds_goes_on_below_the_last_shown()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);
        var sent = new List<Guid>();
        for (var i = 0; i < MessageSearch.MaxResults + 3; i++)
        {
            sent.Insert(0, (await chat.SendAsync(i % 2 == 0 ? chat.CandidateId : chat.EmployerId, $"Onboarding step {i}")).Id);
        }

        var search = chat.Get<MessageSearch>();
        var first = ChatScenario.Ok(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "onboarding"));
        Assert.Equal(sent.Take(MessageSearch.MaxResults), first.Messages.Select(m => m.Id));
        Assert.Equal(first.Messages[^1].Sequence, first.ContinueBefore);

        var rest = ChatScenario.Ok(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "onboarding", first.ContinueBefore));
        Assert.Equal(sent.Skip(MessageSearch.MaxResults), rest.Messages.Select(m => m.Id));
        Assert.Null(rest.ContinueBefore);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Editing_a_message_replaces_its_words_in_the_index(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var other = await chat.SendAsync(chat.EmployerId, "Tuesday suits me");
        var edited = await chat.SendAsync(chat.CandidateId, "Meet Tuesday in Berlin");
        var edits = chat.Get<MessageEditService>();
        var search = chat.Get<MessageSearch>();
        var otherFilter = await FilterAsync(chat, other.Id);

        ChatScenario.Ok(await edits.EditAsync(chat.CandidateId, edited.Id, "Meet Wednesday in Berlin"));

        Assert.Equal([other.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "tuesday")));
        Assert.Equal([edited.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "wednesday berlin")));
        Assert.Equal(Index(chat).Filter(chat.ConversationId, "Meet Wednesday in Berlin"), await FilterAsync(chat, edited.Id));

        ChatScenario.Ok(await edits.EditAsync(chat.CandidateId, edited.Id, "Meet Thursday"));

        Assert.Empty(Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "berlin")));
        Assert.Empty(Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "wednesday")));
        Assert.Equal([edited.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "thursday")));
        Assert.Equal(otherFilter, await FilterAsync(chat, other.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Deleting_a_message_empties_its_filter_and_no_other(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var kept = await chat.SendAsync(chat.EmployerId, "Salary range attached");
        var deleted = await chat.SendAsync(chat.CandidateId, "Salary expectations: negotiable");
        var keptFilter = await FilterAsync(chat, kept.Id);

        ChatScenario.Ok(await chat.Get<MessageEditService>().DeleteAsync(chat.CandidateId, deleted.Id));

        Assert.Empty(await FilterAsync(chat, deleted.Id));
        Assert.NotEmpty(keptFilter);
        Assert.Equal(keptFilter, await FilterAsync(chat, kept.Id));
        Assert.Equal([kept.Id], Ids(await chat.Get<MessageSearch>().SearchAsync(chat.EmployerId, chat.ConversationId, "salary")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Deleting_an_account_empties_the_filters_of_its_messages_in_every_conversation(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var mine = await chat.SendAsync(chat.CandidateId, "Referral from Globex");
        var theirs = await chat.SendAsync(chat.EmployerId, "Globex referral noted");
        var jobId = await ChatScenario.AddJobAsync(database, chat.EmployerId, "Platform engineer");
        var second = ChatScenario.Ok(await chat.Conversations.StartAsync(chat.CandidateId, chat.EmployerId, jobId));
        var elsewhere = ChatScenario.Ok(await chat.Messages.SendAsync(chat.CandidateId, second, Guid.NewGuid(), "Globex again"));

        await using (var scope = database.Scope())
        {
            Assert.True(await ActivatorUtilities.CreateInstance<PersonalDataService>(scope.ServiceProvider).DeleteAccountAsync(chat.CandidateId));
        }

        Assert.Empty(await FilterAsync(chat, mine.Id));
        Assert.Empty(await FilterAsync(chat, elsewhere.Id));
        Assert.Equal(Index(chat).Filter(chat.ConversationId, "Globex referral noted"), await FilterAsync(chat, theirs.Id));
        Assert.Equal([theirs.Id], Ids(await chat.Get<MessageSearch>().SearchAsync(chat.EmployerId, chat.ConversationId, "globex")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_backfill_gives_older_messages_their_filters_and_leaves_newer_ones_alone(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var older = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            older.Insert(0, (await chat.SendAsync(chat.CandidateId, $"Reference letter {i}")).Id);
        }

        var deleted = await chat.SendAsync(chat.EmployerId, "Reference check booked");
        ChatScenario.Ok(await chat.Get<MessageEditService>().DeleteAsync(chat.EmployerId, deleted.Id));
        await using (var db = chat.Get<IMessagingDbFactory>().Create())
        {
            // As the SearchFilters migration leaves the messages stored before it.
            await db.Messages.ExecuteUpdateAsync(s => s.SetProperty(m => m.SearchFilter, (byte[]?)null));
        }

        var newer = await chat.SendAsync(chat.EmployerId, "Reference received");
        var search = chat.Get<MessageSearch>();
        Assert.Equal([newer.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "reference")));

        var backfill = chat.Get<SearchFilterBackfill>();
        Assert.Equal(6, await backfill.FillAllAsync(batchSize: 4));

        Assert.Equal([newer.Id, .. older], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "reference")));
        Assert.Empty(await FilterAsync(chat, deleted.Id));
        Assert.Equal(0, await backfill.FillBatchAsync(4));
    }

    /// <summary>The message's stored search filter; a test fails when there is none.</summary>
    private static async Task<byte[]> FilterAsync(ChatScenario chat, Guid messageId)
    {
        await using var db = chat.Get<IMessagingDbFactory>().Create();
        return await db.Messages.Where(m => m.Id == messageId).Select(m => m.SearchFilter).SingleAsync()
            ?? throw new InvalidOperationException($"Message {messageId} has no search filter.");
    }

    private static BlindIndex Index(ChatScenario chat) => chat.Get<BlindIndex>();

    private static List<Guid> Ids(Result<SearchResults> result) => ChatScenario.Ok(result).Messages.Select(m => m.Id).ToList();
}
