using BenchmarkDotNet.Attributes;
using Messaging.Bench.App;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Bench.Micro;

/// <summary>
/// <see cref="MessageSearch"/> in a conversation of 1,000,000 messages: a word every message has (the newest 50 are
/// found in the first page of filters) and a word none has (the worst case: one call reads
/// <see cref="MessageSearch.ScanLimit"/> filters, then answers where to go on).
/// Timed call by call, 30 calls (<see cref="FewCallsConfig"/>).
/// </summary>
[Config(typeof(FewCallsConfig))]
public class SearchBenchmarks
{
    private MicroDatabase? _database;
    private MessageSearch? _search;
    private string _user = "";
    private Guid _conversation;

    [Params(1_000_000)]
    public int HistoryMessages { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await MicroDatabase.CreateAsync();
        var (ids, conversations) = await BenchSeeder.SeedAsync("Sqlite", _database.ConnectionString, users: 2, conversations: 1, CancellationToken.None);
        (_user, _conversation) = (ids[0], conversations[0].Id);
        await BulkHistory.InsertAsync(_database.ConnectionString, _database.Services.GetRequiredService<MessageCipher>(), _database.Services.GetRequiredService<BlindIndex>(), _conversation, ids[0], ids[1], HistoryMessages);
        _search = _database.Services.GetRequiredService<MessageSearch>();
        if (await FindAsync("portfolio") != MessageSearch.MaxResults || await FindAsync("zanzibar") != 0)
        {
            throw new InvalidOperationException("Search does not see the seeded history.");
        }
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
    public Task<int> SearchWordInEveryMessage() => FindAsync("portfolio");

    [Benchmark]
    public Task<int> SearchWordInNoMessage() => FindAsync("zanzibar");

    private async Task<int> FindAsync(string query)
    {
        var result = await _search!.SearchAsync(_user, _conversation, query);
        return result.IsSuccess ? result.Value.Messages.Count : throw new InvalidOperationException(result.Error!.Message);
    }
}
