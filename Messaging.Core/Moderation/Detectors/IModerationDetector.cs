namespace Messaging.Core.Moderation.Detectors;

/// <summary>A built-in check that a rule of kind <see cref="ModerationRuleKind.Detector"/> names in its pattern.</summary>
public interface IModerationDetector
{
    /// <summary>The name rules refer to, e.g. "card-number".</summary>
    string Name { get; }

    /// <summary>Why a message was stopped or changed, in words the sender understands.</summary>
    string Reason { get; }

    /// <summary>The parts of <paramref name="text"/> (the original message) that the detector found.</summary>
    IReadOnlyList<TextSpan> Find(string text);
}

/// <summary>A detector whose filter rewrites the message instead of hiding the parts it found.</summary>
public interface IRewritingDetector : IModerationDetector
{
    string Rewrite(string text);
}
