using System.Collections.Frozen;

namespace Messaging.Core.Moderation.Detectors;

/// <summary>The built-in detectors by name. They hold no state, so one instance of each serves everyone.</summary>
public static class ModerationDetectors
{
    public const string CardNumber = "card-number";
    public const string Ssn = "ssn";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string OffPlatform = "off-platform";
    public const string ExcessiveCaps = "excessive-caps";

    private static readonly FrozenDictionary<string, IModerationDetector> ByName = new IModerationDetector[]
    {
        new CardNumberDetector(),
        new SsnDetector(),
        new PhoneNumberDetector(),
        new EmailDetector(),
        new OffPlatformDetector(),
        new ExcessiveCapsDetector(),
    }.ToFrozenDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> Names { get; } = [.. ByName.Keys.Order(StringComparer.Ordinal)];

    public static IModerationDetector? Find(string name) => ByName.GetValueOrDefault(name.Trim());

    public static IModerationDetector Get(string name) =>
        Find(name) ?? throw new ArgumentException($"There is no detector named '{name}'.", nameof(name));
}
