using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Messages;

/// <summary>
/// Search in one conversation's encrypted history through the blind index: the query's words are hashed the same
/// way as the messages' words were, each message's <see cref="SearchFilter"/> is tested against them, newest first,
/// and the messages that pass are decrypted and kept when they really contain every word.
/// </summary>
public sealed class MessageSearch(IMessagingDbFactory dbFactory, ConversationAccess access, BlindIndex blindIndex, MessageCipher cipher)
{
    public const int MaxResults = 50;

    public const int MaxWords = 10;

    /// <summary>Filters read per query: newest first, by the (ConversationId, Sequence) index. Settable for tests.</summary>
    internal int ScanPageSize { get; set; } = 2000;

    /// <summary>
    /// The most messages one call reads the filters of (~40 ms and ~15 MB of reads on SQLite). A longer history is searched
    /// in steps: the result says where to go on (<see cref="SearchResults.ContinueBefore"/>). Settable for tests.
    /// </summary>
    internal int ScanLimit { get; set; } = 50_000;

    /// <summary>
    /// Messages with all the words of <paramref name="query"/>, newest first, at most <see cref="MaxResults"/>; deleted
    /// and removed ones are left out. <paramref name="before"/> (a <see cref="SearchResults.ContinueBefore"/> of an earlier
    /// call) goes on with older messages.
    /// </summary>
    public async Task<Result<SearchResults>> SearchAsync(string userId, Guid conversationId, string? query, long? before = null, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        var words = BlindIndex.Words(query);
        if (words.Count == 0)
        {
            return SearchResults.None;
        }

        if (words.Count > MaxWords)
        {
            return Error.Invalid($"Search for at most {MaxWords} words at a time.");
        }

        var tokens = blindIndex.Tokens(conversationId, words);
        var found = new List<MessageView>();
        var scanned = 0;
        var next = before ?? long.MaxValue;
        await using var db = dbFactory.Create();
        while (true)
        {
            var page = await db.Messages.AsNoTracking()
                .Where(m => m.ConversationId == conversationId && m.Sequence < next && m.DeletedAt == null && m.RemovedAt == null)
                .OrderByDescending(m => m.Sequence)
                .Take(Math.Min(ScanPageSize, ScanLimit - scanned))
                .Select(m => new { m.Sequence, m.SearchFilter }) // no id: parsing the GUIDs cost a fifth of the scan
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return new SearchResults(found, null);
            }

            scanned += page.Count;
            next = page[^1].Sequence;
            // A filter can pass a message that lacks a word (~0.2% per word): the text decides. Candidates are read
            // and decrypted only as many at a time as results are still missing.
            var candidates = page.Where(m => SearchFilter.MayContainAll(m.SearchFilter, tokens)).Select(m => m.Sequence).ToList();
            for (var taken = 0; taken < candidates.Count && found.Count < MaxResults;)
            {
                var chunk = candidates.GetRange(taken, Math.Min(MaxResults - found.Count, candidates.Count - taken));
                taken += chunk.Count;
                var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId && chunk.Contains(m.Sequence)).OrderByDescending(m => m.Sequence).ToListAsync(cancellationToken);
                found.AddRange(messages.Select(m => MessageView.From(m, cipher)).Where(v => HasAll(v.Body, words)));
                if (found.Count == MaxResults)
                {
                    // Older results may follow, in this page too: the next call goes on below the last one shown.
                    return new SearchResults(found, found[^1].Sequence);
                }
            }

            if (page.Count < ScanPageSize && scanned < ScanLimit)
            {
                return new SearchResults(found, null); // the page ran out before its size: no older message is left
            }

            if (scanned >= ScanLimit)
            {
                return new SearchResults(found, next);
            }
        }
    }

    private static bool HasAll(string? body, IReadOnlyList<string> words)
    {
        var have = BlindIndex.Words(body).ToHashSet(StringComparer.Ordinal);
        return words.All(have.Contains);
    }
}

/// <summary>
/// One step of a search: what it found, newest first, and where older messages are still to be searched (null when
/// the history is searched to its start). A search stops at <see cref="MessageSearch.MaxResults"/> results or after
/// <see cref="MessageSearch.ScanLimit"/> messages, whichever comes first.
/// </summary>
public sealed record SearchResults(IReadOnlyList<MessageView> Messages, long? ContinueBefore)
{
    public static SearchResults None { get; } = new([], null);
}
