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
/// The read paths on SQLite: a history page of 50 from a conversation with a million messages (newest page and one
/// deep in the past), and the conversation list of an employer with 1,000 conversations, each with a last message.
/// Timed call by call (<see cref="PerOperationConfig"/>), since the history target is a p99.
/// </summary>
[Config(typeof(PerOperationConfig))]
public class ReadBenchmarks
{
    private const int ListConversations = 1_000;
    private const int PageSize = 50;

    private MicroDatabase? _database;
    private MessageQueries? _messages;
    private ConversationQueries? _conversations;
    private string _historyUser = "";
    private Guid _historyConversation;
    private string _listUser = "";
    private MessageCipher? _cipher;

    /// <summary>Messages in the history conversation (the target speaks of 1,000,000).</summary>
    [Params(1_000_000)]
    public int HistoryMessages { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await MicroDatabase.CreateAsync();
        _cipher = _database.Services.GetRequiredService<MessageCipher>();
        var (ids, conversations) = await BenchSeeder.SeedAsync("Sqlite", _database.ConnectionString, users: 2, conversations: 1, CancellationToken.None);
        _historyUser = ids[0];
        _historyConversation = conversations[0].Id;
        await BulkHistory.InsertAsync(_database.ConnectionString, _cipher, _database.Services.GetRequiredService<BlindIndex>(), _historyConversation, ids[0], ids[1], HistoryMessages);
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
            _listUser = ids[0];
            await InsertConversationsAsync(db, _listUser, ListConversations);
        }

        _messages = _database.Services.GetRequiredService<MessageQueries>();
        _conversations = _database.Services.GetRequiredService<ConversationQueries>();
        await CheckHistoryAsync();
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
    public async Task<int> HistoryNewestPage() => Count(await NewestPageAsync());

    [Benchmark]
    public async Task<int> HistoryDeepPage() => Count(await _messages!.HistoryAsync(_historyUser, _historyConversation, beforeSequence: HistoryMessages / 2, limit: PageSize));

    [Benchmark]
    public async Task<int> ConversationList1000() => (await _conversations!.ListAsync(_listUser, new ConversationFilter())).Count;

    private static int Count(Messaging.Core.Common.Result<IReadOnlyList<MessageView>> result) =>
        result.IsSuccess ? result.Value.Count : throw new InvalidOperationException(result.Error!.Message);

    private Task<Messaging.Core.Common.Result<IReadOnlyList<MessageView>>> NewestPageAsync() =>
        _messages!.HistoryAsync(_historyUser, _historyConversation, beforeSequence: null, limit: PageSize);

    // The rows went in by raw SQL: make sure the app reads them back as it reads its own, decrypted.
    private async Task CheckHistoryAsync()
    {
        var page = (await NewestPageAsync()).Value;
        if (page.Count != PageSize || page[^1].Sequence != HistoryMessages || page.Any(m => m.Body != BulkHistory.Body))
        {
            throw new InvalidOperationException("The seeded history does not read back as the app's own messages.");
        }
    }

    // The employer's other conversations are with candidates inserted directly: the list query only needs profiles.
    private async Task InsertConversationsAsync(MessagingDbContext db, string employer, int count)
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

    private Message NewMessage(Guid conversationId, long sequence, string sender, DateTime at)
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
            BodyCiphertext = _cipher!.Encrypt(BulkHistory.Body, conversationId, id, CipherField.Body),
            KeyId = _cipher.ActiveKeyId,
            Moderation = ModerationOutcome.Allow,
            CreatedAt = at,
        };
    }
}
