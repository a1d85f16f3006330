using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Messages;

/// <summary>
/// Search in one conversation's encrypted history through the blind index: the query's words are hashed the
/// same way as the stored messages' words, and a message matches when it has every one of them.
/// </summary>
public sealed class MessageSearch(IMessagingDbFactory dbFactory, ConversationAccess access, BlindIndex blindIndex, MessageCipher cipher)
{
    public const int MaxResults = 50;

    public const int MaxWords = 10;

    /// <summary>Messages with all the words of <paramref name="query"/>, newest first; deleted and removed ones are left out.</summary>
    public async Task<Result<IReadOnlyList<MessageView>>> SearchAsync(string userId, Guid conversationId, string? query, CancellationToken cancellationToken = default)
    {
        var allowed = await access.RequireParticipantAsync(userId, conversationId, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        var tokens = blindIndex.Tokens(conversationId, query);
        if (tokens.Count == 0)
        {
            return Array.Empty<MessageView>();
        }

        if (tokens.Count > MaxWords)
        {
            return Error.Invalid($"Search for at most {MaxWords} words at a time.");
        }

        await using var db = dbFactory.Create();
        var messages = db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.DeletedAt == null && m.RemovedAt == null);

        // One EXISTS per word (a message must have all of them), each an equality on (ConversationId, Token,
        // MessageId): the token table's whole key.
        foreach (var token in tokens)
        {
            messages = messages.Where(m => db.MessageSearchTokens.Any(t => t.ConversationId == conversationId && t.Token == token && t.MessageId == m.Id));
        }

        var found = await messages.OrderByDescending(m => m.Sequence).Take(MaxResults).ToListAsync(cancellationToken);
        return found.Select(m => MessageView.From(m, cipher)).ToList();
    }
}
