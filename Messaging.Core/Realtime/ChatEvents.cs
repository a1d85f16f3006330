using System.Text.Json.Serialization;
using Messaging.Core.Messages;
using Messaging.Core.Presence;

namespace Messaging.Core.Realtime;

/// <summary>The two participants of a conversation, carried by every conversation event so it can be routed.</summary>
public readonly record struct ConversationRef(Guid Id, string CandidateId, string EmployerId)
{
    public bool Includes(string userId) => userId == CandidateId || userId == EmployerId;
}

/// <summary>
/// Something that happened and that open screens and hub clients may want to show. Serialised as JSON with a
/// type discriminator when it travels between instances (the Redis bus); add each new event here.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(MessageCreated), nameof(MessageCreated))]
[JsonDerivedType(typeof(MessageUpdated), nameof(MessageUpdated))]
[JsonDerivedType(typeof(ReadUpTo), nameof(ReadUpTo))]
[JsonDerivedType(typeof(DeliveredUpTo), nameof(DeliveredUpTo))]
[JsonDerivedType(typeof(TypingChanged), nameof(TypingChanged))]
[JsonDerivedType(typeof(ConversationChanged), nameof(ConversationChanged))]
[JsonDerivedType(typeof(PresenceChanged), nameof(PresenceChanged))]
[JsonDerivedType(typeof(UserSuspended), nameof(UserSuspended))]
[JsonDerivedType(typeof(ChatResync), nameof(ChatResync))]
[JsonDerivedType(typeof(ModerationRulesChanged), nameof(ModerationRulesChanged))]
public abstract record ChatEvent
{
    /// <summary>Where the event is delivered: a conversation's room, each participant's list, a user's presence.</summary>
    public abstract IEnumerable<string> Topics();
}

/// <summary>An event about one conversation: it reaches the room and both participants' lists.</summary>
public abstract record ConversationEvent(ConversationRef Conversation) : ChatEvent
{
    public override IEnumerable<string> Topics() =>
        [ChatTopics.Conversation(Conversation.Id), ChatTopics.User(Conversation.CandidateId), ChatTopics.User(Conversation.EmployerId)];
}

public sealed record MessageCreated(ConversationRef Conversation, MessageView Message) : ConversationEvent(Conversation);

public sealed record MessageUpdated(ConversationRef Conversation, MessageView Message) : ConversationEvent(Conversation);

/// <summary>A participant has read every message up to <paramref name="Sequence"/>.</summary>
public sealed record ReadUpTo(ConversationRef Conversation, string UserId, long Sequence) : ConversationEvent(Conversation);

/// <summary>A participant's client has received every message up to <paramref name="Sequence"/>.</summary>
public sealed record DeliveredUpTo(ConversationRef Conversation, string UserId, long Sequence) : ConversationEvent(Conversation);

public sealed record TypingChanged(ConversationRef Conversation, string UserId, bool IsTyping) : ConversationEvent(Conversation)
{
    // Typing only matters in the open room, not in lists.
    public override IEnumerable<string> Topics() => [ChatTopics.Conversation(Conversation.Id)];
}

/// <summary>The conversation itself changed (started, archived, blocked): lists refresh it.</summary>
public sealed record ConversationChanged(ConversationRef Conversation) : ConversationEvent(Conversation);

public sealed record PresenceChanged(string UserId, PresenceStatus Status) : ChatEvent
{
    public override IEnumerable<string> Topics() => [ChatTopics.Presence(UserId)];
}

/// <summary>An admin suspended the user: their open tabs sign out and their connections stop sending.</summary>
public sealed record UserSuspended(string UserId) : ChatEvent
{
    public override IEnumerable<string> Topics() => [ChatTopics.User(UserId), ChatTopics.Accounts];
}

/// <summary>The moderation rules changed: every instance reloads them before the next message.</summary>
public sealed record ModerationRulesChanged : ChatEvent
{
    public override IEnumerable<string> Topics() => [ChatTopics.Moderation];
}

/// <summary>
/// Events may have been missed (the bus lost its connection to the other instances and got it back): every open
/// screen catches up from its last sequence and reloads what it shows. Delivered by
/// <see cref="LocalEventDispatcher.DispatchToAll"/> to every local subscriber, whatever its topic.
/// </summary>
public sealed record ChatResync : ChatEvent
{
    public override IEnumerable<string> Topics() => [];
}

public static class ChatTopics
{
    /// <summary>Every event, for bridges such as the hub forwarder.</summary>
    public const string All = "*";

    /// <summary>Account changes (suspensions) that caches on every instance must hear about.</summary>
    public const string Accounts = "accounts";

    /// <summary>Moderation rule changes.</summary>
    public const string Moderation = "moderation";

    public static string Conversation(Guid id) => $"conversation:{id:N}";

    public static string User(string userId) => $"user:{userId}";

    public static string Presence(string userId) => $"presence:{userId}";
}
