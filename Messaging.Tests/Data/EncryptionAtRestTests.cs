using System.Data.Common;
using System.Text;
using Messaging.Core.Admin;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Tests.Core;
using Messaging.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Messaging.Tests.Data;

/// <summary>What is sent through the services is nowhere in the database as plaintext: not in any table, not in the file.</summary>
public class EncryptionAtRestTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    private static readonly string[] Secrets = ["Zanzibar", "marmalade", "quokka"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Sent_text_is_not_stored_in_plaintext_anywhere_in_the_database(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);

        await chat.SendAsync(chat.CandidateId, "Shall we meet in Zanzibar?");
        await chat.SendAsync(chat.EmployerId, "Only if there is MARMALADE on the table.");
        var filtered = await chat.SendAsync(chat.CandidateId, "That quokka recruiter was an idiot");

        Assert.Equal(ModerationOutcome.Filter, filtered.Moderation);
        var stored = await chat.StoredMessagesAsync();
        Assert.All(stored, m => Assert.Equal(TestKeys.KeyId, m.KeyId));
        Assert.NotNull(stored[2].OriginalCiphertext);
        Assert.Equal("That quokka recruiter was an idiot", chat.Get<MessageCipher>().OpenOriginal(stored[2]));

        var values = await RawValuesAsync(database);
        Assert.Contains(values, v => v.Text.Contains("Dana Kim", StringComparison.Ordinal)); // the scan does read the data
        Assert.Contains(values, v => v.Table == "Messages"); // bodies and search filters included
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(values, v => v.Text.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }

        if (provider == TestProvider.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!))
            {
                var bytes = await ReadSharedAsync(file);
                foreach (var secret in Secrets)
                {
                    Assert.False(Contains(bytes, secret), $"'{secret}' found in {Path.GetFileName(file)}");
                }
            }
        }
    }

    [Fact]
    public async Task Readers_show_the_decrypted_text_to_participants_and_admins()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);

        await chat.SendAsync(chat.CandidateId, "Is the role still open?");
        var filtered = await chat.SendAsync(chat.EmployerId, "Not for an idiot like you");

        var history = ChatScenario.Ok(await chat.History.HistoryAsync(chat.CandidateId, chat.ConversationId, null, 10));
        Assert.Equal("Is the role still open?", history[0].Body);
        Assert.Equal(filtered.Body, history[1].Body);
        Assert.Equal(filtered.Body, (await chat.ListEntryAsync(chat.CandidateId))!.LastMessagePreview);
        var flag = (await chat.Get<FlagQueue>().GetAsync(new FlagQueueQuery(Status: null))).Items;
        Assert.All(flag, f => Assert.Contains("idiot", f.MessagePreview, StringComparison.Ordinal));
    }

    private static async Task<List<(string Table, string Text)>> RawValuesAsync(TestDatabase database)
    {
        await using DbConnection connection = database.Provider == TestProvider.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = database.Provider == TestProvider.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var values = new List<(string, string)>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var text = reader.IsDBNull(i) ? null : reader.GetValue(i) switch
                    {
                        byte[] bytes => Encoding.Latin1.GetString(bytes),
                        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
                    };
                    values.Add((table, text ?? ""));
                }
            }
        }

        return values;
    }

    private static async Task<byte[]> ReadSharedAsync(string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0
        || Encoding.Latin1.GetString(haystack).Contains(needle, StringComparison.OrdinalIgnoreCase);
}
