using Messaging.Core.Attachments;
using Messaging.Core.Common;
using Messaging.Core.Encryption;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Messages;

/// <summary>
/// Turns stored messages into views with what lives in other rows: reactions, the replied-to snippet and the
/// reply count. One query per kind for a whole page, never one per message.
/// </summary>
internal static class MessageViews
{
    public static async Task<List<MessageView>> BuildAsync(IMessagingDb db, MessageCipher cipher, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return [];
        }

        var ids = messages.Select(m => m.Id).ToList();
        var reactions = (await db.Reactions.AsNoTracking().Where(r => ids.Contains(r.MessageId)).ToListAsync(cancellationToken))
            .ToLookup(r => r.MessageId);
        var replyCounts = await db.Messages.AsNoTracking()
            .Where(m => m.ReplyToId != null && ids.Contains(m.ReplyToId.Value))
            .GroupBy(m => m.ReplyToId!.Value)
            .Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Id, g => g.Count, cancellationToken);

        var fileIds = messages.Where(m => m.Type == MessageType.File && m.DeletedAt is null && m.RemovedAt is null).Select(m => m.Id).ToList();
        var attachments = fileIds.Count == 0
            ? Enumerable.Empty<Attachment>().ToLookup(a => a.MessageId)
            : (await db.Attachments.AsNoTracking().Where(a => fileIds.Contains(a.MessageId)).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken)).ToLookup(a => a.MessageId);

        var invitations = await Interviews.InterviewViews.ForAsync(db, messages, cancellationToken);
        var byId = messages.ToDictionary(m => m.Id);
        var missing = messages.Where(m => m.ReplyToId is { } r && !byId.ContainsKey(r)).Select(m => m.ReplyToId!.Value).Distinct().ToList();
        if (missing.Count > 0)
        {
            foreach (var parent in await db.Messages.AsNoTracking().Where(m => missing.Contains(m.Id)).ToListAsync(cancellationToken))
            {
                byId[parent.Id] = parent;
            }
        }

        return messages.Select(m => MessageView.From(m, cipher) with
        {
            Reactions = Summarize(reactions[m.Id]),
            ReplyTo = m.ReplyToId is { } parentId && byId.TryGetValue(parentId, out var parent) ? ReplyPreview.From(parent, cipher) : null,
            ReplyCount = replyCounts.GetValueOrDefault(m.Id),
            Attachments = attachments[m.Id].Select(AttachmentView.From).ToList(),
            Interview = invitations.GetValueOrDefault(m.Id),
        }).ToList();
    }

    public static async Task<MessageView> BuildAsync(IMessagingDb db, MessageCipher cipher, Message message, CancellationToken cancellationToken) =>
        (await BuildAsync(db, cipher, [message], cancellationToken))[0];

    public static IReadOnlyList<ReactionSummary> Summarize(IEnumerable<Reaction> reactions) =>
        reactions
            .GroupBy(r => r.Emoji)
            .OrderBy(g => AllowedReactions.All.ToList().IndexOf(g.Key))
            .Select(g => new ReactionSummary(g.Key, g.Count(), g.OrderBy(r => r.CreatedAt).ThenBy(r => r.UserId, StringComparer.Ordinal).Select(r => r.UserId).ToList()))
            .ToList();
}
