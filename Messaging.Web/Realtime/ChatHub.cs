using System.Security.Claims;
using Messaging.Core.Common;
using Messaging.Core.Messages;
using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Messaging.Web.Realtime;

/// <summary>
/// The public hub for programs (integrations, mobile clients, the load generator): the same operations as the
/// chat screens, each checked by the Core service against the caller. Events are pushed by <see cref="HubEventForwarder"/>.
/// </summary>
[Authorize(Policy = AuthorizationPolicy)]
public sealed class ChatHub(
    MessageService messages,
    MessageQueries queries,
    MessageEditService edits,
    ReactionService reactions,
    ReceiptService receipts,
    TypingNotifier typing,
    IPresenceTracker presence,
    Security.ConnectionLimiter limiter) : Hub
{
    private const string CountedKey = "counted";

    public const string Path = "/hubs/chat";

    /// <summary>Paths under which a bearer token may come in the query string (browsers cannot set headers on WebSockets).</summary>
    public const string PathPrefix = "/hubs";

    /// <summary>Signed in by the Identity cookie (the app's own pages) or by a bearer token from <c>POST /api/auth/token</c>.</summary>
    public const string AuthorizationPolicy = "ChatHub";

    /// <summary>Every connection of a user joins this group; events for the user are sent to it.</summary>
    public static string UserGroup(string userId) => ChatTopics.User(userId);

    public override async Task OnConnectedAsync()
    {
        var userId = UserId;
        if (!limiter.TryAdd(userId))
        {
            // Too many open connections for one user: refuse this one rather than let a client exhaust the server.
            Context.Abort();
            return;
        }

        Context.Items[CountedKey] = true;
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(userId), Context.ConnectionAborted);
        await presence.ConnectedAsync(userId, Context.ConnectionId, visible: true, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.ContainsKey(CountedKey))
        {
            limiter.Remove(UserId);
        }

        // ConnectionAborted is already cancelled here; leaving presence must still happen.
        await presence.DisconnectedAsync(UserId, Context.ConnectionId, CancellationToken.None);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Sends a text message. Retrying with the same <paramref name="clientMessageId"/> returns the stored message.</summary>
    public async Task<MessageView> SendMessage(Guid conversationId, Guid clientMessageId, string? text)
    {
        RequireConversationId(conversationId);
        if (clientMessageId == Guid.Empty)
        {
            throw new HubException("A client message id is required: generate one per message and reuse it when retrying.");
        }

        if (text is null)
        {
            throw new HubException("The message text is required.");
        }

        return Unwrap(await messages.SendAsync(UserId, conversationId, clientMessageId, text, Context.ConnectionAborted));
    }

    /// <summary>Sends a text message as a reply to <paramref name="replyToId"/>, a message of the same conversation.</summary>
    public async Task<MessageView> SendReply(Guid conversationId, Guid clientMessageId, string? text, Guid replyToId)
    {
        RequireConversationId(conversationId);
        RequireMessageId(replyToId);
        if (clientMessageId == Guid.Empty)
        {
            throw new HubException("A client message id is required: generate one per message and reuse it when retrying.");
        }

        return Unwrap(await messages.SendAsync(UserId, conversationId, clientMessageId, text ?? "", replyToId, Context.ConnectionAborted));
    }

    /// <summary>Changes the text of the caller's own message (within 15 minutes of sending it).</summary>
    public async Task<MessageView> EditMessage(Guid messageId, string? text)
    {
        RequireMessageId(messageId);
        return Unwrap(await edits.EditAsync(UserId, messageId, text, Context.ConnectionAborted));
    }

    /// <summary>Deletes the caller's own message; it stays in the sequence, shown as deleted.</summary>
    public async Task<MessageView> DeleteMessage(Guid messageId)
    {
        RequireMessageId(messageId);
        return Unwrap(await edits.DeleteAsync(UserId, messageId, Context.ConnectionAborted));
    }

    /// <summary>Adds or takes back a reaction (one of <see cref="AllowedReactions.All"/>); returns the message with its reactions.</summary>
    public async Task<MessageView> React(Guid messageId, string? emoji)
    {
        RequireMessageId(messageId);
        return Unwrap(await reactions.ToggleAsync(UserId, messageId, emoji, Context.ConnectionAborted));
    }

    /// <summary>The replies to a message (its thread), oldest first.</summary>
    public async Task<IReadOnlyList<MessageView>> Replies(Guid messageId)
    {
        RequireMessageId(messageId);
        return Unwrap(await queries.RepliesAsync(UserId, messageId, Context.ConnectionAborted));
    }

    /// <summary>Up to <paramref name="limit"/> messages before <paramref name="beforeSequence"/> (null: the newest), oldest first.</summary>
    public async Task<IReadOnlyList<MessageView>> History(Guid conversationId, long? beforeSequence, int limit)
    {
        RequireConversationId(conversationId);
        if (beforeSequence < 1)
        {
            throw new HubException("beforeSequence must be at least 1, or null for the newest messages.");
        }

        RequireLimit(limit);
        return Unwrap(await queries.HistoryAsync(UserId, conversationId, beforeSequence, limit, Context.ConnectionAborted));
    }

    /// <summary>Messages after <paramref name="afterSequence"/>, oldest first: what the client missed while disconnected.</summary>
    public async Task<IReadOnlyList<MessageView>> Since(Guid conversationId, long afterSequence, int limit)
    {
        RequireConversationId(conversationId);
        RequireSequence(afterSequence, nameof(afterSequence));
        RequireLimit(limit);
        return Unwrap(await queries.SinceAsync(UserId, conversationId, afterSequence, limit, Context.ConnectionAborted));
    }

    /// <summary>Marks everything up to <paramref name="sequence"/> as read; returns the caller's read pointer.</summary>
    public async Task<long> MarkRead(Guid conversationId, long sequence)
    {
        RequireConversationId(conversationId);
        RequireSequence(sequence, nameof(sequence));
        return Unwrap(await receipts.MarkReadAsync(UserId, conversationId, sequence, Context.ConnectionAborted));
    }

    /// <summary>Marks everything up to <paramref name="sequence"/> as delivered; returns the caller's delivered pointer.</summary>
    public async Task<long> MarkDelivered(Guid conversationId, long sequence)
    {
        RequireConversationId(conversationId);
        RequireSequence(sequence, nameof(sequence));
        return Unwrap(await receipts.MarkDeliveredAsync(UserId, conversationId, sequence, Context.ConnectionAborted));
    }

    /// <summary>Tells the other participant the caller is (or stopped) typing; repeat every couple of seconds while typing.</summary>
    public async Task Typing(Guid conversationId, bool isTyping)
    {
        RequireConversationId(conversationId);
        Unwrap(await typing.NotifyAsync(UserId, conversationId, isTyping, Context.ConnectionAborted));
    }

    // [Authorize] guarantees a signed-in user; the id claim is set by Identity for both schemes.
    private string UserId =>
        Context.User?.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new HubException("Sign in to use the chat.");

    // Only the user-facing message leaves the server: no codes, ids or stack traces.
    private static T Unwrap<T>(Result<T> result) => result.IsSuccess ? result.Value : throw new HubException(result.Error!.Message);

    private static void RequireConversationId(Guid conversationId)
    {
        if (conversationId == Guid.Empty)
        {
            throw new HubException("A conversation id is required.");
        }
    }

    private static void RequireMessageId(Guid messageId)
    {
        if (messageId == Guid.Empty)
        {
            throw new HubException("A message id is required.");
        }
    }

    private static void RequireSequence(long sequence, string name)
    {
        if (sequence < 0)
        {
            throw new HubException($"{name} cannot be negative.");
        }
    }

    private static void RequireLimit(int limit)
    {
        if (limit is < 1 or > MessageQueries.MaxPageSize)
        {
            throw new HubException($"limit must be between 1 and {MessageQueries.MaxPageSize}.");
        }
    }
}
