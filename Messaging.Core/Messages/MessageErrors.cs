using Messaging.Core.Common;

namespace Messaging.Core.Messages;

public static class MessageErrors
{
    public static Error Empty { get; } = new(ErrorCode.Empty, "Write a message before sending.");

    public static Error TooLong(int length) =>
        new(ErrorCode.TooLong, $"Messages can be at most {Message.MaxLength:N0} characters; this one has {length:N0}.");

    public static Error ConversationBlocked { get; } = new(ErrorCode.Blocked, "This conversation is blocked, so no new messages can be sent.");

    public static Error SenderSuspended { get; } = new(ErrorCode.Forbidden, "Your account is suspended, so you cannot send messages.");
}
