using Messaging.Core.Messages;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Core;

/// <summary>Concurrent sends into one conversation: gap-free, duplicate-free sequences and idempotent retries.</summary>
public class MessageConcurrencyTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Fifty_concurrent_sends_get_sequences_1_to_50_without_gaps_or_duplicates(TestProvider provider)
    {
        const int count = 50;
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);

        var sends = Enumerable.Range(1, count).Select(i => Task.Run(async () =>
        {
            var sender = i % 2 == 0 ? chat.EmployerId : chat.CandidateId;
            return ChatScenario.Ok(await chat.Messages.SendAsync(sender, chat.ConversationId, Guid.NewGuid(), $"Message {i}"));
        })).ToList();
        var results = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        var expected = Enumerable.Range(1, count).Select(i => (long)i).ToList();
        Assert.Equal(expected, results.Select(r => r.Sequence).Order());
        Assert.Equal(count, results.Select(r => r.Id).Distinct().Count());
        var stored = await chat.StoredMessagesAsync();
        Assert.Equal(expected, stored.Select(m => m.Sequence));
        Assert.Equal(results.Select(r => r.Id).Order(), stored.Select(m => m.Id).Order());
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"Message {i}").Order(), stored.Select(m => chat.BodyOf(m)!).Order());
        var conversation = await chat.StoredConversationAsync();
        Assert.Equal(count, conversation.LastSequence);
        Assert.Equal(count / 2, stored.Count(m => m.SenderId == chat.CandidateId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ten_concurrent_sends_with_the_same_client_id_store_one_message(TestProvider provider)
    {
        const int count = 10;
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var clientId = Guid.NewGuid();

        var sends = Enumerable.Range(1, count).Select(_ => Task.Run(async () =>
        {
            return ChatScenario.Ok(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, clientId, "Hello once"));
        })).ToList();
        var results = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        var stored = Assert.Single(await chat.StoredMessagesAsync());
        Assert.All(results, r => Assert.Equal(stored.Id, r.Id));
        Assert.All(results, r => Assert.Equal(1, r.Sequence));
        Assert.Equal(clientId, stored.ClientMessageId);
        Assert.Equal(1, (await chat.StoredConversationAsync()).LastSequence);
    }
}
