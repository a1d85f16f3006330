using Messaging.Core.Common;
using Messaging.Core.Conversations;
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
        Assert.Equal("Thursday works, 10:00.", Assert.Single(found).Body);
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
    public async Task Tokens_are_written_with_the_message_and_only_for_the_delivered_text()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);

        var filtered = await chat.SendAsync(chat.CandidateId, "Honestly idiot, what an idiot!");

        await using var db = chat.Get<IMessagingDbFactory>().Create();
        var tokens = await db.MessageSearchTokens.Where(t => t.MessageId == filtered.Id).ToListAsync();
        Assert.Equal(Messaging.Core.Encryption.BlindIndex.Words(filtered.Body).Count, tokens.Count);
        Assert.Empty(Ids(await chat.Get<MessageSearch>().SearchAsync(chat.EmployerId, chat.ConversationId, "idiot")));
        Assert.Equal([filtered.Id], Ids(await chat.Get<MessageSearch>().SearchAsync(chat.EmployerId, chat.ConversationId, "honestly")));
    }

    [Fact]
    public async Task Common_words_are_not_indexed_and_do_not_narrow_a_search()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);

        var interview = await chat.SendAsync(chat.EmployerId, "Is the interview on Friday at the office?");

        Assert.Equal(["interview", "friday", "office"], Messaging.Core.Encryption.BlindIndex.Words(interview.Body));
        await using (var db = chat.Get<IMessagingDbFactory>().Create())
        {
            Assert.Equal(3, await db.MessageSearchTokens.CountAsync(t => t.MessageId == interview.Id));
        }

        var search = chat.Get<MessageSearch>();
        Assert.Equal([interview.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "the interview on friday")));
        Assert.Empty(Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "is the")));
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

        ChatScenario.Ok(await edits.EditAsync(chat.CandidateId, edited.Id, "Meet Wednesday in Berlin"));

        Assert.Equal([other.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "tuesday")));
        Assert.Equal([edited.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "wednesday berlin")));
        Assert.Equal(3, await TokenCountAsync(chat, edited.Id));

        ChatScenario.Ok(await edits.EditAsync(chat.CandidateId, edited.Id, "Meet Thursday"));

        Assert.Empty(Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "berlin")));
        Assert.Empty(Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "wednesday")));
        Assert.Equal([edited.Id], Ids(await search.SearchAsync(chat.CandidateId, chat.ConversationId, "thursday")));
        Assert.Equal(2, await TokenCountAsync(chat, edited.Id));
        Assert.Equal(2, await TokenCountAsync(chat, other.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Deleting_a_message_deletes_its_tokens_and_no_others(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var kept = await chat.SendAsync(chat.EmployerId, "Salary range attached");
        var deleted = await chat.SendAsync(chat.CandidateId, "Salary expectations: negotiable");

        ChatScenario.Ok(await chat.Get<MessageEditService>().DeleteAsync(chat.CandidateId, deleted.Id));

        Assert.Equal(0, await TokenCountAsync(chat, deleted.Id));
        Assert.Equal(3, await TokenCountAsync(chat, kept.Id));
        Assert.Equal([kept.Id], Ids(await chat.Get<MessageSearch>().SearchAsync(chat.EmployerId, chat.ConversationId, "salary")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Deleting_an_account_deletes_the_tokens_of_its_messages_in_every_conversation(TestProvider provider)
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

        Assert.Equal(0, await TokenCountAsync(chat, mine.Id));
        Assert.Equal(0, await TokenCountAsync(chat, elsewhere.Id));
        Assert.Equal(3, await TokenCountAsync(chat, theirs.Id));
        Assert.Equal([theirs.Id], Ids(await chat.Get<MessageSearch>().SearchAsync(chat.EmployerId, chat.ConversationId, "globex")));
    }

    /// <summary>The message's token rows (looked up by message id, which only a test may do: it reads the whole table).</summary>
    private static async Task<int> TokenCountAsync(ChatScenario chat, Guid messageId)
    {
        await using var db = chat.Get<IMessagingDbFactory>().Create();
        return await db.MessageSearchTokens.CountAsync(t => t.MessageId == messageId);
    }

    private static List<Guid> Ids(Result<IReadOnlyList<MessageView>> result) => ChatScenario.Ok(result).Select(m => m.Id).ToList();
}
