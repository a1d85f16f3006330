using BenchmarkDotNet.Attributes;
using Messaging.Bench.App;
using Messaging.Bench.Load;
using Messaging.Core.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Bench.Micro;

/// <summary>
/// MessageService.SendAsync on a fresh SQLite file: idempotency lookup, moderation, sequence assignment under the
/// conversation lock, insert and commit. Senders rotate over 20 users so the per-user limit never trips.
/// </summary>
[MemoryDiagnoser]
public class SendBenchmarks
{
    private MicroDatabase? _database;
    private MessageService? _messages;
    private IReadOnlyList<(string Sender, Guid ConversationId)> _senders = [];
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await MicroDatabase.CreateAsync();
        var (ids, conversations) = await BenchSeeder.SeedAsync("Sqlite", _database.ConnectionString, users: 20, conversations: 10, CancellationToken.None);
        _senders = conversations.SelectMany(c => new[] { (ids[c.Employer], c.Id), (ids[c.Candidate], c.Id) }).ToList();
        _messages = _database.Services.GetRequiredService<MessageService>();
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
    public async Task<MessageView> SendText()
    {
        var (sender, conversationId) = _senders[_next++ % _senders.Count];
        var result = await _messages!.SendAsync(sender, conversationId, Guid.NewGuid(), MessageText.Create(_next, 120));
        return result.IsSuccess ? result.Value : throw new InvalidOperationException(result.Error!.Message);
    }
}
