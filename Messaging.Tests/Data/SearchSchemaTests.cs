using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Data;
using Messaging.Tests.Core;
using Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Data;

/// <summary>
/// What a sent message writes besides its own row: the migration to per-message search filters keeps the messages
/// stored before it findable, and no index of Conversations holds a column that every message updates.
/// </summary>
public class SearchSchemaTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrating_to_search_filters_keeps_the_messages_stored_before_findable(TestProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var before = await chat.SendAsync(chat.CandidateId, "Portfolio and references");
        await chat.SendAsync(chat.EmployerId, "Thanks");
        await using (var scope = database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            Assert.EndsWith("_SearchFilters", migrations[^1], StringComparison.Ordinal);
            await db.GetService<IMigrator>().MigrateAsync(migrations[^2], ct); // back to the token table
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        }

        await using (var db = chat.Get<Messaging.Core.Common.IMessagingDbFactory>().Create())
        {
            Assert.Equal(2, await db.Messages.CountAsync(m => m.SearchFilter == null, ct));
        }

        var search = chat.Get<MessageSearch>();
        Assert.Empty(ChatScenario.Ok(await search.SearchAsync(chat.EmployerId, chat.ConversationId, "portfolio", cancellationToken: ct)).Messages);
        Assert.Equal(2, await chat.Get<SearchFilterBackfill>().FillAllAsync(100, ct));
        Assert.Equal([before.Id], ChatScenario.Ok(await search.SearchAsync(chat.EmployerId, chat.ConversationId, "references portfolio", cancellationToken: ct)).Messages.Select(m => m.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task No_index_of_conversations_holds_a_column_that_a_new_message_updates(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var scope = database.Scope();
        var model = scope.ServiceProvider.GetRequiredService<MessagingDbContext>().Model;
        string[] updatedBySend =
        [
            nameof(Conversation.LastSequence), nameof(Conversation.LastActivityAt),
            nameof(Conversation.CandidateArchivedAt), nameof(Conversation.EmployerArchivedAt),
            nameof(Conversation.CandidateReadSequence), nameof(Conversation.CandidateDeliveredSequence),
            nameof(Conversation.EmployerReadSequence), nameof(Conversation.EmployerDeliveredSequence),
        ];

        var indexed = model.FindEntityType(typeof(Conversation))!.GetIndexes().SelectMany(i => i.Properties).Select(p => p.Name).ToList();

        Assert.Contains(nameof(Conversation.EmployerId), indexed);
        Assert.Empty(indexed.Intersect(updatedBySend));
    }
}
