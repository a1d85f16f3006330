using Messaging.Core.Common;

namespace Messaging.Core.Messages;

public static class MessageErrors
{
    public static Error Empty { get; } = new(ErrorCode.Empty, "Write a message before sending.");

    public static Error TooLong(int length) =>
        new(ErrorCode.TooLong, $"Messages can be at most {Message.MaxLength:N0} characters; this one has {length:N0}.");

    public static Error ConversationBlocked { get; } = new(ErrorCode.Blocked, "This conversation is blocked, so no new messages can be sent.");

    /// <summary>The trimmed text when it may be sent (not empty, within the limit), else the reason it may not.</summary>
    public static Result<string> CheckText(string? text)
    {
        var body = text?.Trim() ?? "";
        return body.Length == 0 ? Empty
            : body.Length > Message.MaxLength ? TooLong(body.Length)
            : body;
    }

    public static Error ClientIdReused { get; } = Error.Invalid("This client message id was already used in another conversation.");

    public static Error SenderSuspended { get; } = new(ErrorCode.Forbidden, "Your account is suspended, so you cannot send messages.");
}
