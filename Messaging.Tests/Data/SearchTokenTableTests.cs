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
/// The search-token table costs one B-tree per row on SQLite (WITHOUT ROWID, written by hand in its migration) and
/// one index on PostgreSQL, and the migration to that shape keeps the rows written before it.
/// </summary>
public class SearchTokenTableTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_key_is_the_tables_only_index(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        Assert.Equal(["ConversationId, Token, MessageId"], await IndexesAsync(database));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrating_to_the_new_key_keeps_the_tokens_written_before(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await using (var scope = database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            Assert.EndsWith("_SearchTokenKey", migrations[^1], StringComparison.Ordinal);
            await db.GetService<IMigrator>().MigrateAsync(migrations[^2], TestContext.Current.CancellationToken);
        }

        Assert.Contains("MessageId, Token", await IndexesAsync(database)); // the old key
        var before = await chat.SendAsync(chat.CandidateId, "Portfolio and references");
        await chat.SendAsync(chat.EmployerId, "Thanks");

        await using (var scope = database.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(["ConversationId, Token, MessageId"], await IndexesAsync(database));
        var search = chat.Get<MessageSearch>();
        Assert.Equal([before.Id], ChatScenario.Ok(await search.SearchAsync(chat.EmployerId, chat.ConversationId, "references portfolio")).Select(m => m.Id));
        await using (var db = chat.Get<Messaging.Core.Common.IMessagingDbFactory>().Create())
        {
            Assert.Equal(3, await db.MessageSearchTokens.CountAsync(TestContext.Current.CancellationToken));
        }
    }

    /// <summary>
    /// The columns of each index on the table, sorted; on SQLite a table with a rowid is a B-tree of its own besides its
    /// indexes, listed as "rowid" (a WITHOUT ROWID table is its key's B-tree, listed as that index).
    /// </summary>
    private static async Task<List<string>> IndexesAsync(TestDatabase database)
    {
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        var ct = TestContext.Current.CancellationToken;
        var indexes = new List<string>();
        if (database.Provider == TestProvider.Sqlite)
        {
            foreach (var name in await db.Database.SqlQuery<string>($"SELECT name AS \"Value\" FROM pragma_index_list('MessageSearchTokens')").ToListAsync(ct))
            {
                indexes.Add(string.Join(", ", await db.Database.SqlQuery<string>($"SELECT name AS \"Value\" FROM pragma_index_info({name}) ORDER BY seqno").ToListAsync(ct)));
            }

            var table = await db.Database.SqlQuery<string>($"SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'MessageSearchTokens'").SingleAsync(ct);
            if (!table.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase))
            {
                indexes.Add("rowid");
            }
        }
        else
        {
            indexes = await db.Database.SqlQuery<string>(
                $"""
                SELECT string_agg(a.attname, ', ' ORDER BY k.ordinality) AS "Value"
                FROM pg_index i
                CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ordinality)
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = '"MessageSearchTokens"'::regclass
                GROUP BY i.indexrelid
                """).ToListAsync(ct);
        }

        return [.. indexes.Order(StringComparer.Ordinal)];
    }
}
