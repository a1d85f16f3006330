using Messaging.Core.Encryption;
using BenchmarkDotNet.Attributes;
using Messaging.Bench.App;
using Messaging.Core.Accounts;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Bench.Micro;

/// <summary>
/// The read paths on SQLite: a history page of a conversation with 100,000 messages (newest page and one deep in
/// the past), and the conversation list of an employer with 1,000 conversations, each with a last message.
/// </summary>
[MemoryDiagnoser]
public class ReadBenchmarks
{
    private const int HistoryMessages = 100_000;
    private const int ListConversations = 1_000;

    private MicroDatabase? _database;
    private MessageQueries? _messages;
    private ConversationQueries? _conversations;
    private string _historyUser = "";
    private Guid _historyConversation;
    private string _listUser = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await MicroDatabase.CreateAsync();
        _cipher = _database.Services.GetRequiredService<MessageCipher>();
        var (ids, conversations) = await BenchSeeder.SeedAsync("Sqlite", _database.ConnectionString, users: 2, conversations: 1, CancellationToken.None);
        _historyUser = ids[0];
        _historyConversation = conversations[0].Id;
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
            await InsertMessagesAsync(db, _historyConversation, ids[0], ids[1], HistoryMessages);
            _listUser = ids[0];
            await InsertConversationsAsync(db, _listUser, ListConversations);
        }

        _messages = _database.Services.GetRequiredService<MessageQueries>();
        _conversations = _database.Services.GetRequiredService<ConversationQueries>();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Benchmark]
    public async Task<int> HistoryNewestPage() => Count(await _messages!.HistoryAsync(_historyUser, _historyConversation, beforeSequence: null, limit: 50));

    [Benchmark]
    public async Task<int> HistoryDeepPage() => Count(await _messages!.HistoryAsync(_historyUser, _historyConversation, beforeSequence: HistoryMessages / 2, limit: 50));

    [Benchmark]
    public async Task<int> ConversationList1000() => (await _conversations!.ListAsync(_listUser, new ConversationFilter())).Count;

    private static int Count(Messaging.Core.Common.Result<IReadOnlyList<MessageView>> result) =>
        result.IsSuccess ? result.Value.Count : throw new InvalidOperationException(result.Error!.Message);

    private static async Task InsertMessagesAsync(MessagingDbContext db, Guid conversationId, string employer, string candidate, int count)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var start = DateTime.UtcNow.AddDays(-30);
        for (var batch = 0; batch < count; batch += 5_000)
        {
            for (var sequence = batch + 1; sequence <= Math.Min(count, batch + 5_000); sequence++)
            {
                db.Messages.Add(NewMessage(conversationId, sequence, sequence % 2 == 0 ? employer : candidate, start.AddSeconds(sequence)));
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        await db.Conversations.Where(c => c.Id == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSequence, count).SetProperty(c => c.LastActivityAt, start.AddSeconds(count)));
    }

    // The employer's other conversations are with candidates inserted directly: the list query only needs profiles.
    private static async Task InsertConversationsAsync(MessagingDbContext db, string employer, int count)
    {
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid().ToString();
            var email = $"list-candidate-{i}@bench.local";
            db.Users.Add(new ApplicationUser
            {
                Id = id,
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                DisplayName = $"List Candidate {i}",
                CreatedAt = now,
            });
            db.CandidateProfiles.Add(new CandidateProfile { UserId = id, DisplayName = $"List Candidate {i}", CreatedAt = now });
            var conversationId = Guid.CreateVersion7();
            db.Conversations.Add(new Conversation
            {
                Id = conversationId,
                EmployerId = employer,
                CandidateId = id,
                CreatedAt = now,
                LastActivityAt = now.AddSeconds(-i),
                LastSequence = 1,
                EmployerReadSequence = i % 3 == 0 ? 0 : 1,
            });
            db.Messages.Add(NewMessage(conversationId, 1, id, now.AddSeconds(-i)));
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    private static MessageCipher? _cipher;

    private static Message NewMessage(Guid conversationId, long sequence, string sender, DateTime at)
    {
        var id = Guid.CreateVersion7();
        return new Message
        {
            Id = id,
            ConversationId = conversationId,
            Sequence = sequence,
            SenderId = sender,
            ClientMessageId = Guid.NewGuid(),
            Type = MessageType.Text,
            BodyCiphertext = _cipher!.Encrypt("Thanks, that works for me. See you on Tuesday at two, I will bring the portfolio we talked about.", conversationId, id, CipherField.Body),
            KeyId = _cipher.ActiveKeyId,
            Moderation = ModerationOutcome.Allow,
            CreatedAt = at,
        };
    }
}
