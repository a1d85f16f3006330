using Messaging.Core.Admin;
using Messaging.Core.Audit;
using Messaging.Core.Common;
using Messaging.Core.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Core.Moderation;

/// <summary>What the rule editor submits.</summary>
public sealed record RuleDraft(string Name, ModerationRuleKind Kind, string Pattern, ModerationOutcome Outcome, bool Enabled);

/// <summary>
/// The rule editor's operations (admins only, audited). Every change invalidates the rule cache on every
/// instance through <see cref="ModerationRulesChanged"/>, so it takes effect for the next message.
/// </summary>
public sealed class ModerationRuleService(IMessagingDbFactory dbFactory, AdminGuard guard, IChatEventBus bus, ModerationService moderation, AuditLog audit, TimeProvider time)
{
    public async Task<Result<IReadOnlyList<ModerationRule>>> ListAsync(string adminId, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAdminAsync(adminId, cancellationToken) is { } denied)
        {
            return denied;
        }

        await using var db = dbFactory.Create();
        return await db.ModerationRules.AsNoTracking().OrderBy(r => r.Kind).ThenBy(r => r.Name).ToListAsync(cancellationToken);
    }

    public async Task<Result<ModerationRule>> SaveAsync(string adminId, Guid? ruleId, RuleDraft draft, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAdminAsync(adminId, cancellationToken) is { } denied)
        {
            return denied;
        }

        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Trim().Length > ModerationRule.MaxNameLength)
        {
            return Error.Invalid($"Give the rule a name of at most {ModerationRule.MaxNameLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(draft.Pattern) || draft.Pattern.Length > ModerationRule.MaxPatternLength)
        {
            return Error.Invalid($"The word, pattern or detector is required (at most {ModerationRule.MaxPatternLength} characters).");
        }

        await using var db = dbFactory.Create();
        var rule = ruleId is { } id ? await db.ModerationRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) : null;
        if (ruleId is not null && rule is null)
        {
            return Error.NotFound("The rule");
        }

        var isNew = rule is null;
        rule ??= new ModerationRule { Id = Guid.CreateVersion7(), Name = "", Pattern = "" };
        (rule.Name, rule.Kind, rule.Pattern, rule.Outcome, rule.Enabled) = (draft.Name.Trim(), draft.Kind, draft.Pattern.Trim(), draft.Outcome, draft.Enabled);
        rule.UpdatedAt = time.GetUtcNow().UtcDateTime;
        rule.UpdatedById = adminId;
        if (ModerationEngine.Validate(rule) is { } invalid)
        {
            return invalid;
        }

        if (isNew)
        {
            db.ModerationRules.Add(rule);
        }

        audit.Add(db, adminId, isNew ? AuditLog.RuleCreated : AuditLog.RuleUpdated, "ModerationRule", rule.Id.ToString(), $"{rule.Name}: {rule.Kind} '{rule.Pattern}' -> {rule.Outcome}{(rule.Enabled ? "" : " (disabled)")}");
        await db.SaveChangesAsync(cancellationToken);
        await bus.PublishAsync(new ModerationRulesChanged(), cancellationToken);
        return rule;
    }

    public async Task<Result<bool>> DeleteAsync(string adminId, Guid ruleId, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAdminAsync(adminId, cancellationToken) is { } denied)
        {
            return denied;
        }

        await using var db = dbFactory.Create();
        var rule = await db.ModerationRules.FirstOrDefaultAsync(r => r.Id == ruleId, cancellationToken);
        if (rule is null)
        {
            return Error.NotFound("The rule");
        }

        db.ModerationRules.Remove(rule);
        audit.Add(db, adminId, AuditLog.RuleDeleted, "ModerationRule", rule.Id.ToString(), rule.Name);
        await db.SaveChangesAsync(cancellationToken);
        await bus.PublishAsync(new ModerationRulesChanged(), cancellationToken);
        return true;
    }

    /// <summary>The "test this text" box: what the current rules would do with it.</summary>
    public async Task<Result<ModerationResult>> TestAsync(string adminId, string text, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAdminAsync(adminId, cancellationToken) is { } denied)
        {
            return denied;
        }

        return await moderation.CheckAsync(text ?? "", cancellationToken);
    }
}
