using Messaging.Core.Moderation;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Data.Seeding;

/// <summary>Installs the default moderation rules (the floor, editable in the console) into an empty rule table.</summary>
public sealed class ModerationRuleSeeder(MessagingDbContext db, TimeProvider time)
{
    public async Task EnsureDefaultsAsync(CancellationToken cancellationToken = default)
    {
        if (await db.ModerationRules.AnyAsync(cancellationToken))
        {
            return;
        }

        db.ModerationRules.AddRange(DefaultModerationRules.Create(time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
    }
}
