namespace Messaging.Core.Moderation;

/// <summary>What moderation decided about a piece of text. Ordered by severity.</summary>
public enum ModerationOutcome
{
    Allow = 0,
    Filter = 1,
    Flag = 2,
    Block = 3,
}
