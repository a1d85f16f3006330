using Messaging.Core.Common;
using Messaging.Core.Messages;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Interviews;

/// <summary>The invitations behind a page of messages, one query for the page.</summary>
internal static class InterviewViews
{
    public static async Task<Dictionary<Guid, InterviewView>> ForAsync(IMessagingDb db, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Where(m => m.Type == MessageType.InterviewInvite).Select(m => m.Id).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var invitations = await db.InterviewInvitations.AsNoTracking().Where(i => ids.Contains(i.MessageId)).ToListAsync(cancellationToken);
        return invitations.ToDictionary(i => i.MessageId, InterviewView.From);
    }
}
