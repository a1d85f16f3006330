using System.Data.Common;
using Messaging.Core.Common;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Tests.Core;
using Messaging.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Messaging.Tests.Data;

/// <summary>The writer's multi-row INSERT stores exactly what SaveChanges would: same raw column values, same entities read back.</summary>
public class RowInserterTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Inserted_rows_are_stored_as_SaveChanges_stores_them(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var factory = database.Services.GetRequiredService<IMessagingDbFactory>();
        var created = new DateTime(2026, 11, 24, 9, 30, 15, 123, DateTimeKind.Utc);

        Message Make(long sequence) => new()
        {
            Id = Guid.CreateVersion7(),
            ConversationId = chat.ConversationId,
            Sequence = sequence,
            SenderId = chat.CandidateId,
            ClientMessageId = Guid.NewGuid(),
            Type = MessageType.File,
            Moderation = ModerationOutcome.Filter,
            BodyCiphertext = [1, 2, 3, 250],
            KeyId = "k1",
            SearchFilter = [0, 128, 7, 255, 1, 2, 3, 4],
            CreatedAt = created,
            EditedAt = created.AddMinutes(3),
        };

        var tracked = Make(1);
        var inserted = Enumerable.Range(2, 1_200).Select(i => Make(i)).ToList(); // more rows than one command takes
        await using (var db = factory.Create())
        {
            db.Messages.Add(tracked);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await db.InsertRowsAsync(inserted, TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        var raw = await RawRowsAsync(database);
        Assert.Equal(1_201, raw.Count);
        string[] differ = ["Id", "ClientMessageId", "Sequence"];
        foreach (var column in raw[0].Keys.Except(differ))
        {
            Assert.All(raw.Skip(1), row => Assert.Equal(raw[0][column], row[column]));
        }

        await using (var db = factory.Create())
        {
            var stored = await db.Messages.AsNoTracking().Where(m => m.ConversationId == chat.ConversationId).OrderBy(m => m.Sequence).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(Enumerable.Range(1, 1_201).Select(i => (long)i), stored.Select(m => m.Sequence));
            Assert.Equal(inserted.Select(m => (m.Id, m.ClientMessageId)), stored.Skip(1).Select(m => (m.Id, m.ClientMessageId)));
            Assert.All(stored, m =>
            {
                Assert.Equal((MessageType.File, ModerationOutcome.Filter, chat.CandidateId, "k1"), (m.Type, m.Moderation, m.SenderId, m.KeyId));
                Assert.Equal(created, m.CreatedAt);
                Assert.Equal(DateTimeKind.Utc, m.CreatedAt.Kind);
                Assert.Equal(created.AddMinutes(3), m.EditedAt);
                Assert.Equal(new byte[] { 1, 2, 3, 250 }, m.BodyCiphertext);
                Assert.Equal(new byte[] { 0, 128, 7, 255, 1, 2, 3, 4 }, m.SearchFilter);
                Assert.Null(m.ReplyToId);
            });
        }
    }

    /// <summary>Every Messages row as column name → raw value (as the driver returns it), by sequence.</summary>
    private static async Task<List<Dictionary<string, string>>> RawRowsAsync(TestDatabase database)
    {
        await using DbConnection connection = database.Provider == TestProvider.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT * FROM "Messages" ORDER BY "Sequence" """;
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<Dictionary<string, string>>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new Dictionary<string, string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                row[reader.GetName(i)] = $"{value.GetType().Name}:{(value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))}";
            }

            rows.Add(row);
        }

        return rows;
    }
}
