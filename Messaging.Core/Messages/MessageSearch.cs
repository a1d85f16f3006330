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

    /// <summary>Messages with all the words of <paramref name="query"/>, newest first; deleted and removed ones are left out.</summary>
    public async Task<Result<IReadOnlyList<MessageView>>> SearchAsync(string userId, Guid conversationId, string? query, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        var words = BlindIndex.Words(query);
        if (words.Count == 0)
        {
            return Array.Empty<MessageView>();
        }

        if (words.Count > MaxWords)
        {
            return Error.Invalid($"Search for at most {MaxWords} words at a time.");
        }

        var tokens = blindIndex.Tokens(conversationId, words);
        var found = new List<MessageView>();
        await using var db = dbFactory.Create();
        for (var before = long.MaxValue; found.Count < MaxResults;)
        {
            var page = await db.Messages.AsNoTracking()
                .Where(m => m.ConversationId == conversationId && m.Sequence < before && m.DeletedAt == null && m.RemovedAt == null)
                .OrderByDescending(m => m.Sequence)
                .Take(ScanPageSize)
                .Select(m => new { m.Sequence, m.SearchFilter }) // no id: parsing the GUIDs cost a fifth of the scan
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            before = page[^1].Sequence;
            // A filter can pass a message that lacks a word (~0.2% per word): the text decides. Candidates are read
            // and decrypted only as many at a time as results are still missing.
            var candidates = page.Where(m => SearchFilter.MayContainAll(m.SearchFilter, tokens)).Select(m => m.Sequence).ToList();
            for (var next = 0; next < candidates.Count && found.Count < MaxResults;)
            {
                var chunk = candidates.GetRange(next, Math.Min(MaxResults - found.Count, candidates.Count - next));
                next += chunk.Count;
                var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId && chunk.Contains(m.Sequence)).OrderByDescending(m => m.Sequence).ToListAsync(cancellationToken);
                found.AddRange(messages.Select(m => MessageView.From(m, cipher)).Where(v => HasAll(v.Body, words)));
            }

            if (page.Count < ScanPageSize)
            {
                break;
            }
        }

        return found;
    }

    private static bool HasAll(string? body, IReadOnlyList<string> words)
    {
        var have = BlindIndex.Words(body).ToHashSet(StringComparer.Ordinal);
        return words.All(have.Contains);
    }
}
