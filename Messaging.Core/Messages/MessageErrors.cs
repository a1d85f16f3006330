using Messaging.Core.Common;

namespace Messaging.Core.Messages;

public static class MessageErrors
{
    public static Error Empty { get; } = new(ErrorCode.Empty, "Write a message before sending.");

    public static Error TooLong(int length) =>
        new(ErrorCode.TooLong, $"Messages can be at most {Message.MaxLength:N0} characters; this one has {length:N0}.");

    /// <summary>The database or disk refuses writes; the sender keeps their text and can send it again later.</summary>
    public static Error StorageUnavailable { get; } = new(ErrorCode.Unavailable, "The server cannot store messages right now. Try again in a moment; your text is kept.");

    public static Error ConversationBlocked { get; } = new(ErrorCode.Blocked, "This conversation is blocked, so no new messages can be sent.");

    /// <summary>The trimmed text when it may be sent (not empty, within the limit), else the reason it may not.</summary>
    public static Result<string> CheckText(string? text)
    {
        var body = text?.Trim() ?? "";
        return body.Length == 0 ? Empty
            : body.Length > Message.MaxLength ? TooLong(body.Length)
            : !IsWellFormed(body) ? BrokenCharacters
            : body;
    }

    public static Error BrokenCharacters { get; } = Error.Invalid("This message contains a broken character (half of an emoji or symbol). Remove it and try again.");

    /// <summary>
    /// False when <paramref name="text"/> has half of a surrogate pair: moderation, search and storage all need whole
    /// characters (Unicode normalisation throws on a lone half). JSON readers refuse such text already; this is the
    /// domain's own guard.
    /// </summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static Error ClientIdReused { get; } = Error.Invalid("This client message id was already used in another conversation.");

    public static Error SenderSuspended { get; } = new(ErrorCode.Forbidden, "Your account is suspended, so you cannot send messages.");
}
