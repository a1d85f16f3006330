namespace Messaging.Core.Conversations;

/// <summary>One row of a user's conversation list, seen from that user's side.</summary>
public sealed record ConversationSummary(
    Guid Id,
    string OtherUserId,
    string OtherName,
    string? OtherDetail,
    string? JobTitle,
    string? Subject,
    ConversationStatus Status,
    bool IsArchived,
    string? LastMessagePreview,
    string? LastMessageSenderId,
    DateTime LastActivityAt,
    long LastSequence,
    long UnreadCount);

/// <summary>Search and filter options of the conversation list.</summary>
public sealed record ConversationFilter(string? Search = null, bool UnreadOnly = false, bool Archived = false, Guid? JobId = null)
{
    public static ConversationFilter All { get; } = new();
}
