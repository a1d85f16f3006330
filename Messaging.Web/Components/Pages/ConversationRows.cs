using Messaging.Core.Conversations;
using Messaging.Core.Realtime;

namespace Messaging.Web.Components.Pages;

/// <summary>
/// How one event changes the rows of a conversation list without asking the database: a new message moves its row
/// to the top with its preview, time and unread count; reading clears the count; an edit or deletion of the last
/// message changes the preview. What the event alone cannot settle (a row the list does not have, a gap in the
/// sequence, a conversation that changed, a filter the change may move it out of) asks for a reload instead.
/// </summary>
public static class ConversationRows
{
    /// <summary>The updated rows; the same list when nothing changed; null when the list must be reloaded.</summary>
    public static IReadOnlyList<ConversationSummary>? Apply(IReadOnlyList<ConversationSummary> rows, ChatEvent chatEvent, string userId, ConversationFilter filter, DateTime now)
    {
        if (chatEvent is not ConversationEvent conversationEvent)
        {
            return rows;
        }

        var index = IndexOf(rows, conversationEvent.Conversation.Id);
        switch (chatEvent)
        {
            case MessageCreated created:
                // A new message brings an archived conversation back to the inbox; unread-only lists change membership;
                // a sequence that skips ahead means events were missed.
                if (index < 0 || filter.Archived || filter.UnreadOnly || created.Message.Sequence > rows[index].LastSequence + 1)
                {
                    return null;
                }

                var row = rows[index];
                if (created.Message.Sequence <= row.LastSequence)
                {
                    return rows; // already shown
                }

                var message = created.Message;
                var updated = row with
                {
                    LastMessagePreview = ConversationQueries.Preview(message.Body, message.IsDeleted ? now : null, message.IsRemoved ? now : null),
                    LastMessageSenderId = message.SenderId,
                    LastActivityAt = message.CreatedAt > row.LastActivityAt ? message.CreatedAt : row.LastActivityAt,
                    LastSequence = message.Sequence,
                    // A sender's read pointer moves with every message they send.
                    UnreadCount = message.SenderId == userId ? 0 : row.UnreadCount + 1,
                };
                return [updated, .. rows.Where((_, i) => i != index)];
            case MessageUpdated changed when index >= 0:
                if (changed.Message.Sequence != rows[index].LastSequence)
                {
                    return rows;
                }

                var edited = changed.Message;
                return Replace(rows, index, rows[index] with
                {
                    LastMessagePreview = ConversationQueries.Preview(edited.Body, edited.IsDeleted ? now : null, edited.IsRemoved ? now : null),
                });
            case ReadUpTo read when read.UserId != userId:
                return rows; // the other side's receipts are the room's business
            case ReadUpTo read when index >= 0:
                var unread = Math.Max(0, rows[index].LastSequence - read.Sequence);
                if (filter.UnreadOnly && unread == 0)
                {
                    return null;
                }

                return unread == rows[index].UnreadCount ? rows : Replace(rows, index, rows[index] with { UnreadCount = unread });
            case DeliveredUpTo or TypingChanged:
                return rows;
            default:
                // ConversationChanged (started, archived, blocked), or an event for a row the list does not have.
                return null;
        }
    }

    private static int IndexOf(IReadOnlyList<ConversationSummary> rows, Guid id)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    private static ConversationSummary[] Replace(IReadOnlyList<ConversationSummary> rows, int index, ConversationSummary row)
    {
        var copy = rows.ToArray();
        copy[index] = row;
        return copy;
    }
}
