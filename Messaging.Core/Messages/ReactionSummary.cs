namespace Messaging.Core.Messages;

/// <summary>One emoji on a message: how many reacted with it and who.</summary>
public sealed record ReactionSummary(string Emoji, int Count, IReadOnlyList<string> UserIds)
{
    // Value equality over the list too: events are compared after crossing Redis as JSON.
    public bool Equals(ReactionSummary? other) =>
        other is not null && Emoji == other.Emoji && Count == other.Count && UserIds.SequenceEqual(other.UserIds);

    public override int GetHashCode() => HashCode.Combine(Emoji, Count, UserIds.Count);
}

/// <summary>What a reply shows of the message it answers: a snippet, or null when that message was deleted or removed.</summary>
public sealed record ReplyPreview(Guid Id, long Sequence, string? SenderId, string? Snippet)
{
    public const int SnippetLength = 120;

    public static ReplyPreview From(Message m, Encryption.MessageCipher cipher) => Of(m.Id, m.Sequence, m.SenderId, m.DeletedAt is null && m.RemovedAt is null ? cipher.OpenBody(m) : null);

    /// <summary>The preview of a message as participants see it (for updating quotes when the original changes).</summary>
    public static ReplyPreview From(MessageView m) => Of(m.Id, m.Sequence, m.SenderId, m.Body);

    private static ReplyPreview Of(Guid id, long sequence, string? senderId, string? body) =>
        new(id, sequence, senderId, body is { Length: > SnippetLength } ? body[..SnippetLength] + "…" : body);
}

/// <summary>The reactions users may choose from: a short fixed list, so no arbitrary text is stored as an emoji.</summary>
public static class AllowedReactions
{
    public static IReadOnlyList<string> All { get; } = ["👍", "❤️", "😂", "🎉", "😮", "🙏"];

    public static bool Contains(string? emoji) => emoji is not null && All.Contains(emoji);
}
