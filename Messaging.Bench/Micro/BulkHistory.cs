using Messaging.Core.Encryption;
using Microsoft.Data.Sqlite;

namespace Messaging.Bench.Micro;

/// <summary>
/// A long conversation history written straight into SQLite: one transaction, one prepared INSERT, values in the
/// forms EF Core's SQLite provider stores (upper-case GUID text, ISO date text, enum names). Seconds for a million
/// rows where EF's change tracker takes minutes. Each body is real ciphertext from the app's
/// <see cref="MessageCipher"/>, bound to its conversation and message id, so reads decrypt as in production, and each
/// message has its search filter from the app's <see cref="BlindIndex"/>.
/// </summary>
public static class BulkHistory
{
    public const string Body = "Thanks, that works for me. See you on Tuesday at two, I will bring the portfolio we talked about.";

    /// <summary>Messages 1..<paramref name="count"/>, the two participants taking turns, one a second ending now.</summary>
    public static async Task InsertAsync(string connectionString, MessageCipher cipher, BlindIndex blindIndex, Guid conversationId, string employer, string candidate, int count)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // A large page cache keeps the three indexes of Messages in memory while they grow.
            pragma.CommandText = "PRAGMA cache_size = -262144;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO Messages (Id, ConversationId, Sequence, SenderId, ClientMessageId, Type, BodyCiphertext, KeyId, Moderation, CreatedAt, SearchFilter)
            VALUES ($id, $conversation, $sequence, $sender, $client, 'Text', $body, $key, 'Allow', $createdAt, $filter)
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$conversation", Text(conversationId));
        var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
        var sender = insert.Parameters.Add("$sender", SqliteType.Text);
        var client = insert.Parameters.Add("$client", SqliteType.Text);
        var body = insert.Parameters.Add("$body", SqliteType.Blob);
        insert.Parameters.AddWithValue("$key", cipher.ActiveKeyId);
        insert.Parameters.AddWithValue("$filter", blindIndex.Filter(conversationId, Body)); // the same text every time
        var createdAt = insert.Parameters.Add("$createdAt", SqliteType.Text);
        insert.Prepare();

        var start = DateTime.UtcNow.AddSeconds(-count);
        for (var n = 1; n <= count; n++)
        {
            var messageId = Guid.CreateVersion7();
            id.Value = Text(messageId);
            sequence.Value = (long)n;
            sender.Value = n % 2 == 0 ? employer : candidate;
            client.Value = Text(Guid.NewGuid());
            body.Value = cipher.Encrypt(Body, conversationId, messageId, CipherField.Body);
            createdAt.Value = start.AddSeconds(n);
            await insert.ExecuteNonQueryAsync();
        }

        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE Conversations SET LastSequence = $last, LastActivityAt = $at WHERE Id = $id";
            update.Parameters.AddWithValue("$last", (long)count);
            update.Parameters.Add("$at", SqliteType.Text).Value = start.AddSeconds(count);
            update.Parameters.AddWithValue("$id", Text(conversationId));
            if (await update.ExecuteNonQueryAsync() != 1)
            {
                throw new InvalidOperationException($"Conversation {conversationId} not found.");
            }
        }

        await transaction.CommitAsync();
    }

    private static string Text(Guid value) => value.ToString().ToUpperInvariant();
}
