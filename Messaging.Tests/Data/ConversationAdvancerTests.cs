using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Tests.Core;
using Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Tests.Data;

/// <summary>The writer's set-based conversation UPDATE: what it changes, what it leaves alone, and that a stale read changes nothing.</summary>
public class ConversationAdvancerTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Conversations_move_on_only_the_sending_side_s_marks_change_and_a_stale_one_fails_the_whole_statement(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var other = ChatScenario.Ok(await chat.Conversations.StartAsync(chat.EmployerId, await ChatScenario.RegisterCandidateAsync(database, "eli@example.com", "Eli"), null));
        await chat.SendAsync(chat.CandidateId, "One");
        await chat.SendAsync(chat.EmployerId, "Two");
        ChatScenario.Ok(await chat.Conversations.SetArchivedAsync(chat.CandidateId, chat.ConversationId, true));
        var at = new DateTime(2026, 11, 3, 8, 30, 0, DateTimeKind.Utc);
        var factory = chat.Get<IMessagingDbFactory>();

        await using (var db = factory.Create())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await db.AdvanceConversationsAsync(
                [new ConversationAdvance(chat.ConversationId, 2, 4, 3, null, at), new ConversationAdvance(other, 0, 1, null, 1, at)],
                TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        var moved = await chat.StoredConversationAsync();
        Assert.Equal((4L, at), (moved.LastSequence, moved.LastActivityAt));
        Assert.Equal((3L, 3L), (moved.CandidateReadSequence, moved.CandidateDeliveredSequence));
        Assert.Equal(2L, moved.EmployerReadSequence); // the employer sent nothing in it: their mark stays as stored
        Assert.Null(moved.CandidateArchivedAt); // a new message brings the conversation back
        await using (var db = factory.Create())
        {
            var second = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == other, TestContext.Current.CancellationToken);
            Assert.Equal((1L, 1L, 0L), (second.LastSequence, second.EmployerReadSequence, second.CandidateReadSequence));
        }

        // Read at 3 while it is at 4 (another instance wrote meanwhile): nothing of the statement may stay.
        await using (var db = factory.Create())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.AdvanceConversationsAsync(
                [new ConversationAdvance(other, 1, 2, null, 2, at.AddMinutes(1)), new ConversationAdvance(chat.ConversationId, 3, 5, 5, null, at.AddMinutes(1))],
                TestContext.Current.CancellationToken));
        }

        Assert.Equal(4L, (await chat.StoredConversationAsync()).LastSequence);
        await using (var db = factory.Create())
        {
            Assert.Equal(1L, (await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == other, TestContext.Current.CancellationToken)).LastSequence);
        }
    }
}
