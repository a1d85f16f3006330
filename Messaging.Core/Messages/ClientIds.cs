using Messaging.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Messages;

/// <summary>Idempotency of sends: a sender's client message id names at most one stored message (a unique index).</summary>
internal static class ClientIds
{
    public static Task<Message?> FindAsync(IMessagingDb db, string senderId, Guid clientMessageId, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.SenderId == senderId && m.ClientMessageId == clientMessageId, cancellationToken);
}
