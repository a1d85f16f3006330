using Messaging.Core.Moderation.Detectors;

namespace Messaging.Core.Moderation;

/// <summary>
/// The rules a new installation starts with. Ids are fixed so seeding is idempotent and tests can name them.
/// Blocked words stay mild: scam wording is flagged for review, insults are hidden; personal data that must never
/// travel (card numbers, SSNs) is blocked, contact details are flagged.
/// </summary>
public static class DefaultModerationRules
{
    public static readonly Guid ScamId = new("6f1c0a52-3b1e-4c59-9a70-000000000001");
    public static readonly Guid GiftCardId = new("6f1c0a52-3b1e-4c59-9a70-000000000002");
    public static readonly Guid IdiotId = new("6f1c0a52-3b1e-4c59-9a70-000000000003");
    public static readonly Guid MoronId = new("6f1c0a52-3b1e-4c59-9a70-000000000004");
    public static readonly Guid LoserId = new("6f1c0a52-3b1e-4c59-9a70-000000000005");
    public static readonly Guid ShutUpId = new("6f1c0a52-3b1e-4c59-9a70-000000000006");
    public static readonly Guid CardNumberId = new("6f1c0a52-3b1e-4c59-9a70-000000000101");
    public static readonly Guid SsnId = new("6f1c0a52-3b1e-4c59-9a70-000000000102");
    public static readonly Guid PhoneId = new("6f1c0a52-3b1e-4c59-9a70-000000000103");
    public static readonly Guid EmailId = new("6f1c0a52-3b1e-4c59-9a70-000000000104");
    public static readonly Guid OffPlatformId = new("6f1c0a52-3b1e-4c59-9a70-000000000105");
    public static readonly Guid ExcessiveCapsId = new("6f1c0a52-3b1e-4c59-9a70-000000000106");

    public static IReadOnlyList<ModerationRule> Create(DateTime now) =>
    [
        Word(ScamId, "scam", ModerationOutcome.Flag, now),
        Word(GiftCardId, "gift card", ModerationOutcome.Flag, now),
        Word(IdiotId, "idiot", ModerationOutcome.Filter, now),
        Word(MoronId, "moron", ModerationOutcome.Filter, now),
        Word(LoserId, "loser", ModerationOutcome.Filter, now),
        Word(ShutUpId, "shut up", ModerationOutcome.Filter, now),
        Detector(CardNumberId, "Card number", ModerationDetectors.CardNumber, ModerationOutcome.Block, now),
        Detector(SsnId, "Social security number", ModerationDetectors.Ssn, ModerationOutcome.Block, now),
        Detector(PhoneId, "Phone number", ModerationDetectors.Phone, ModerationOutcome.Flag, now),
        Detector(EmailId, "E-mail address", ModerationDetectors.Email, ModerationOutcome.Flag, now),
        Detector(OffPlatformId, "Off-platform contact", ModerationDetectors.OffPlatform, ModerationOutcome.Flag, now),
        Detector(ExcessiveCapsId, "Excessive capitals", ModerationDetectors.ExcessiveCaps, ModerationOutcome.Filter, now),
    ];

    private static ModerationRule Word(Guid id, string word, ModerationOutcome outcome, DateTime now) => new()
    {
        Id = id,
        Name = $"Blocked word: {word}",
        Kind = ModerationRuleKind.BlockedWord,
        Pattern = word,
        Outcome = outcome,
        UpdatedAt = now,
    };

    private static ModerationRule Detector(Guid id, string name, string detector, ModerationOutcome outcome, DateTime now) => new()
    {
        Id = id,
        Name = name,
        Kind = ModerationRuleKind.Detector,
        Pattern = detector,
        Outcome = outcome,
        UpdatedAt = now,
    };
}
