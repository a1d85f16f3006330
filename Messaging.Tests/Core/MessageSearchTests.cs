using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
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

    private static List<Guid> Ids(Result<IReadOnlyList<MessageView>> result) => ChatScenario.Ok(result).Select(m => m.Id).ToList();
}
