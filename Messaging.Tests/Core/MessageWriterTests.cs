using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Core;

/// <summary>
/// The group-commit writer: concurrent sends share transactions, yet every conversation keeps a gap-free sequence,
/// its broadcasts leave in sequence order, and one bad draft in a batch costs the others nothing.
/// </summary>
public class MessageWriterTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Concurrent_sends_into_many_conversations_share_commits_and_stay_gap_free_and_in_order(TestProvider provider)
    {
        const int perConversation = 20;
        await using var database = await TestDatabase.CreateAsync(provider, [new("RateLimits:MessagesPerMinute", "1000")]);
        var pairs = await StartConversationsAsync(database, employers: 3, candidates: 4);
        var writer = database.Services.GetRequiredService<MessageWriter>();
        var messages = database.Services.GetRequiredService<MessageService>();
        using var probe = new EventProbe(database.Services.GetRequiredService<IChatEventBus>(), ChatTopics.All);
        var before = writer.Written;

        var sends = pairs.SelectMany(p => Enumerable.Range(1, perConversation).Select(i => Task.Run(async () =>
            ChatScenario.Ok(await messages.SendAsync(i % 2 == 0 ? p.EmployerId : p.CandidateId, p.Id, Guid.NewGuid(), $"Note {i} in {p.Id}"))))).ToList();
        var results = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        var total = pairs.Count * perConversation;
        var after = writer.Written;
        Assert.Equal(total, after.Drafts - before.Drafts);
        Assert.InRange(after.Batches - before.Batches, 1, total - 1); // at least two sends shared a commit

        await using var db = database.Services.GetRequiredService<IMessagingDbFactory>().Create();
        var expected = Enumerable.Range(1, perConversation).Select(i => (long)i).ToList();
        foreach (var pair in pairs)
        {
            var stored = await db.Messages.AsNoTracking().Where(m => m.ConversationId == pair.Id).OrderBy(m => m.Sequence).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(expected, stored.Select(m => m.Sequence));
            Assert.Equal(results.Where(r => r.ConversationId == pair.Id).Select(r => r.Id).Order(), stored.Select(m => m.Id).Order());
            Assert.Equal(perConversation, (await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == pair.Id, TestContext.Current.CancellationToken)).LastSequence);

            // Broadcasts of one conversation leave in sequence order, even when they were committed together.
            await probe.WaitForAsync<MessageCreated>(e => e.Conversation.Id == pair.Id && e.Message.Sequence == perConversation);
            await probe.SettleAsync();
            Assert.Equal(expected, probe.All<MessageCreated>().Where(e => e.Conversation.Id == pair.Id).Select(e => e.Message.Sequence));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_outsider_in_a_batch_is_refused_and_the_others_are_stored(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var pairs = await StartConversationsAsync(database, employers: 1, candidates: 2);
        var (mine, other) = (pairs[0], pairs[1]);
        var messages = database.Services.GetRequiredService<MessageService>();

        var sends = Enumerable.Range(1, 30).Select(i => Task.Run(() => i % 6 == 0
            ? messages.SendAsync(other.CandidateId, mine.Id, Guid.NewGuid(), $"Intrusion {i}")
            : messages.SendAsync(mine.CandidateId, mine.Id, Guid.NewGuid(), $"Hello {i}"))).ToList();
        var results = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(5, results.Count(r => !r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorCode.NotParticipant, r.Error!.Code));
        await using var db = database.Services.GetRequiredService<IMessagingDbFactory>().Create();
        var stored = await db.Messages.AsNoTracking().Where(m => m.ConversationId == mine.Id).OrderBy(m => m.Sequence).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), stored.Select(m => m.Sequence));
        Assert.All(stored, m => Assert.Equal(mine.CandidateId, m.SenderId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_draft_whose_client_id_is_already_stored_answers_with_the_stored_message_and_the_rest_of_its_batch_is_kept(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var writer = chat.Get<MessageWriter>();
        var clientId = Guid.NewGuid();
        var first = await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, clientId, "Original");
        var original = ChatScenario.Ok(first);

        // Straight to the writer (as a retry racing the service's own check would): the stored client id makes
        // the commit it lands in fail on the unique index; the writer then writes that batch's drafts one by one.
        var drafts = Enumerable.Range(0, 20)
            .Select(i => Draft(chat, i == 7 ? clientId : Guid.NewGuid(), i == 7 ? "Original" : $"Other {i}"))
            .ToList();
        var writes = drafts.Select(d => Write(writer, d)).ToList();
        var results = await Task.WhenAll(writes).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Message));
        Assert.Equal(original.Id, results[7].Value.View.Id);
        var stored = await chat.StoredMessagesAsync();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), stored.Select(m => m.Sequence));
        Assert.Single(stored, m => m.ClientMessageId == clientId);
        Assert.Equal(results.Where((_, i) => i != 7).Select(r => r.Value.View.Id).Append(original.Id).Order(), stored.Select(m => m.Id).Order());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_draft_found_committed_by_its_own_earlier_attempt_is_broadcast_then(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var writer = chat.Get<MessageWriter>();
        var draft = Draft(chat, Guid.NewGuid(), "Sent once, answer lost");
        ChatScenario.Ok(await Write(writer, draft));
        using var probe = new EventProbe(chat.Bus, ChatTopics.All);

        // The same draft again, as after a commit whose acknowledgement was lost: the insert conflicts, the retry
        // finds the draft's own message stored, and broadcasts it, since the lost attempt never did.
        var again = ChatScenario.Ok(await Write(writer, draft));
        await again.Published;

        Assert.Equal(draft.MessageId, again.View.Id);
        Assert.Equal(draft.MessageId, (await probe.WaitForAsync<MessageCreated>()).Message.Id);
        Assert.Single(await chat.StoredMessagesAsync());
    }

    [Fact]
    public void Conflicts_are_recognised_also_when_an_execution_strategy_wraps_them()
    {
        // Npgsql's execution strategy reports a deadlock between instances as an InvalidOperationException around
        // the DbUpdateException; such a batch must be retried one by one, not failed.
        Assert.True(MessageWriterService.IsConflict(new DbUpdateException("conflict")));
        Assert.True(MessageWriterService.IsConflict(new InvalidOperationException("likely transient", new DbUpdateException("deadlock"))));
        Assert.True(MessageWriterService.IsConflict(new Microsoft.Data.Sqlite.SqliteException("busy", 5)));
        Assert.False(MessageWriterService.IsConflict(new InvalidOperationException("a bug")));
        Assert.False(MessageWriterService.IsConflict(new OperationCanceledException()));
    }

    private static MessageDraft Draft(ChatScenario chat, Guid clientId, string text) =>
        MessageDraft.ForText(chat.CandidateId, chat.ConversationId, clientId, text);

    /// <summary>Straight to the writer, past the send's checks.</summary>
    private static Task<Result<WrittenMessage>> Write(MessageWriter writer, MessageDraft draft) =>
        writer.WriteAsync(draft, ModerationResult.Allowed(draft.Text!), null, TestContext.Current.CancellationToken);

    /// <summary>Every employer talks to every candidate: employers × candidates conversations.</summary>
    private static async Task<List<(Guid Id, string CandidateId, string EmployerId)>> StartConversationsAsync(TestDatabase database, int employers, int candidates)
    {
        var conversations = database.Services.GetRequiredService<ConversationService>();
        var candidateIds = new List<string>();
        for (var c = 0; c < candidates; c++)
        {
            candidateIds.Add(await ChatScenario.RegisterCandidateAsync(database, $"candidate{c}@example.com", $"Candidate {c}"));
        }

        var pairs = new List<(Guid, string, string)>();
        for (var e = 0; e < employers; e++)
        {
            var employerId = await ChatScenario.RegisterEmployerAsync(database, $"employer{e}@example.com", $"Employer {e}", $"Company {e}");
            foreach (var candidateId in candidateIds)
            {
                pairs.Add((ChatScenario.Ok(await conversations.StartAsync(candidateId, employerId, null)), candidateId, employerId));
            }
        }

        return pairs;
    }
}
