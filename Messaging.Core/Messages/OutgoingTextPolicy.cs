using Messaging.Core.Accounts;
using Messaging.Core.Common;
using Messaging.Core.Moderation;

namespace Messaging.Core.Messages;

/// <summary>What a field of free text to the other side may hold: its limit, whether it may be left empty, and how to say it is too long.</summary>
public sealed record OutgoingTextRule(int MaxLength, bool Required, Func<int, Error> TooLong)
{
    /// <summary>A message's text.</summary>
    public static OutgoingTextRule Message { get; } = new(Messages.Message.MaxLength, Required: true, MessageErrors.TooLong);

    /// <summary>A file's caption: optional, as long as a message.</summary>
    public static OutgoingTextRule Caption { get; } = Message with { Required = false };
}

/// <summary>
/// The one policy for text a user sends to someone else, whatever carries it (a message, an edit, a caption, an
/// interview's note or place, a decline reason): the sender is not suspended, the text is whole and within its limit,
/// the sender is within their rate, and moderation allows it. The checks run in that order, so that a text that
/// could never be sent does not use up the sender's rate.
/// </summary>
public sealed class OutgoingTextPolicy(IAccountStatus accounts, UserRateLimiter limits, ModerationService moderation)
{
    /// <summary>
    /// The checks of one send by <paramref name="senderId"/>: what moderation made of the text, or why it may not go.
    /// A text the server wrote (no <paramref name="rule"/>: an invitation's title, a system note) is not moderated.
    /// </summary>
    public async Task<Result<ModerationResult>> CheckSendAsync(string senderId, string? text, OutgoingTextRule? rule, CancellationToken cancellationToken)
    {
        if (await accounts.IsSuspendedAsync(senderId, cancellationToken))
        {
            return MessageErrors.SenderSuspended;
        }

        var shaped = rule is null ? text ?? "" : Shape(text, rule);
        if (!shaped.IsSuccess)
        {
            return shaped.Error!;
        }

        if (limits.TryMessage(senderId) is { } limited)
        {
            return limited;
        }

        return rule is null ? ModerationResult.Allowed(shaped.Value) : await ModerateAsync(shaped.Value, cancellationToken);
    }

    /// <summary>
    /// The checks of a field that travels with a send (an interview's note, a decline reason): shape and moderation.
    /// The sender's standing and rate are the send's (<see cref="CheckSendAsync"/>).
    /// </summary>
    public async Task<Result<ModerationResult>> CheckFieldAsync(string? text, OutgoingTextRule rule, CancellationToken cancellationToken)
    {
        var shaped = Shape(text, rule);
        return shaped.IsSuccess ? await ModerateAsync(shaped.Value, cancellationToken) : shaped.Error!;
    }

    /// <summary>The trimmed text ("" for an empty optional one), or why not: missing, too long, or a broken character.</summary>
    public static Result<string> Shape(string? text, OutgoingTextRule rule)
    {
        var body = text?.Trim() ?? "";
        if (body.Length == 0)
        {
            return rule.Required ? Result<string>.Failure(MessageErrors.Empty) : body;
        }

        if (body.Length > rule.MaxLength)
        {
            return rule.TooLong(body.Length);
        }

        return MessageErrors.IsWellFormed(body) ? body : MessageErrors.BrokenCharacters;
    }

    // Moderation decides before anything is stored: a blocked text never reaches the database or the other side, and
    // the sender is told why (their text stays where they typed it). An empty optional text has nothing to check.
    private async Task<Result<ModerationResult>> ModerateAsync(string body, CancellationToken cancellationToken)
    {
        if (body.Length == 0)
        {
            return ModerationResult.Allowed(body);
        }

        var verdict = await moderation.CheckAsync(body, cancellationToken);
        return verdict.IsBlocked ? new Error(ErrorCode.Rejected, verdict.UserMessage ?? "This text can't be sent.") : Result<ModerationResult>.Success(verdict);
    }
}
