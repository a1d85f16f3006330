using Messaging.Core.Common;
using Messaging.Core.Messages;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Core;

/// <summary>Reading history: pages going back, catch-up going forward, participants only.</summary>
public class MessageQueriesTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task History_pages_back_from_the_newest_and_returns_each_page_oldest_first(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await SendNumberedAsync(chat, 10);

        var newest = ChatScenario.Ok(await chat.History.HistoryAsync(chat.CandidateId, chat.ConversationId, null, 4));
        var older = ChatScenario.Ok(await chat.History.HistoryAsync(chat.EmployerId, chat.ConversationId, newest[0].Sequence, 4));
        var oldest = ChatScenario.Ok(await chat.History.HistoryAsync(chat.CandidateId, chat.ConversationId, older[0].Sequence, 4));
        var beyond = ChatScenario.Ok(await chat.History.HistoryAsync(chat.CandidateId, chat.ConversationId, oldest[0].Sequence, 4));

        Assert.Equal(Sequences(7, 10), newest.Select(m => m.Sequence));
        Assert.Equal(["Message 7", "Message 8", "Message 9", "Message 10"], newest.Select(m => m.Body!));
        Assert.Equal(Sequences(3, 6), older.Select(m => m.Sequence));
        Assert.Equal(Sequences(1, 2), oldest.Select(m => m.Sequence));
        Assert.Empty(beyond);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task History_limit_is_kept_between_1_and_the_page_maximum(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await SendNumberedAsync(chat, 3);

        var none = ChatScenario.Ok(await chat.History.HistoryAsync(chat.CandidateId, chat.ConversationId, null, 0));
        var all = ChatScenario.Ok(await chat.History.HistoryAsync(chat.CandidateId, chat.ConversationId, null, int.MaxValue));

        Assert.Equal(Sequences(3, 3), none.Select(m => m.Sequence));
        Assert.Equal(Sequences(1, 3), all.Select(m => m.Sequence));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Since_returns_the_messages_after_a_sequence_oldest_first(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await SendNumberedAsync(chat, 10);

        var missed = ChatScenario.Ok(await chat.History.SinceAsync(chat.CandidateId, chat.ConversationId, 6, 100));
        var firstBatch = ChatScenario.Ok(await chat.History.SinceAsync(chat.EmployerId, chat.ConversationId, 0, 3));
        var nextBatch = ChatScenario.Ok(await chat.History.SinceAsync(chat.EmployerId, chat.ConversationId, firstBatch[^1].Sequence, 3));
        var upToDate = ChatScenario.Ok(await chat.History.SinceAsync(chat.CandidateId, chat.ConversationId, 10, 100));

        Assert.Equal(Sequences(7, 10), missed.Select(m => m.Sequence));
        Assert.Equal(Sequences(1, 3), firstBatch.Select(m => m.Sequence));
        Assert.Equal(Sequences(4, 6), nextBatch.Select(m => m.Sequence));
        Assert.Empty(upToDate);

        await chat.SendAsync(chat.EmployerId, "One more");
        var caughtUp = Assert.Single(ChatScenario.Ok(await chat.History.SinceAsync(chat.CandidateId, chat.ConversationId, 10, 100)));
        Assert.Equal(11, caughtUp.Sequence);
        Assert.Equal("One more", caughtUp.Body);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task History_and_Since_refuse_an_outsider_with_NotParticipant(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await SendNumberedAsync(chat, 2);
        var outsider = await ChatScenario.RegisterEmployerAsync(database, "mallory@example.com", "Mallory", "Globex");

        ChatScenario.Fails(await chat.History.HistoryAsync(outsider, chat.ConversationId, null, 50), ErrorCode.NotParticipant);
        ChatScenario.Fails(await chat.History.SinceAsync(outsider, chat.ConversationId, 0, 50), ErrorCode.NotParticipant);
        ChatScenario.Fails(await chat.History.HistoryAsync(chat.CandidateId, Guid.NewGuid(), null, 50), ErrorCode.NotParticipant);
    }

    private static async Task SendNumberedAsync(ChatScenario chat, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await chat.SendAsync(i % 2 == 0 ? chat.EmployerId : chat.CandidateId, $"Message {i}");
        }
    }

    private static IEnumerable<long> Sequences(long from, long to)
    {
        for (var s = from; s <= to; s++)
        {
            yield return s;
        }
    }
}
