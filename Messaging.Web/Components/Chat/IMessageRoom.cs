using Messaging.Core.Messages;

namespace Messaging.Web.Components.Chat;

/// <summary>
/// What a <see cref="MessageBubble"/> needs from the room that shows it: who is looking, names and times, and the
/// actions on a message. The room passes itself as one parameter instead of a set of callbacks: those were ~16 parameters per bubble on
/// every render of the room, each a render-tree frame and most a new delegate, for every message on the page. An
/// action re-renders the room when it changes what the room shows.
/// </summary>
public interface IMessageRoom
{
    /// <summary>The viewer: their own reactions are highlighted, their messages are "mine".</summary>
    string UserId { get; }

    /// <summary>A participant's display name, for "who reacted" and reply quotes.</summary>
    string NameOf(string? userId);

    /// <summary>When a message was sent, in the viewer's time zone.</summary>
    string TimeOf(DateTime sentAt);

    /// <summary>
    /// The viewer's time zone. It arrives from the browser after the page goes live, possibly after the first messages
    /// were drawn in UTC: a bubble draws again when it changes.
    /// </summary>
    TimeZoneInfo TimeZone { get; }

    Task ReplyAsync(MessageView message);

    Task ReactAsync(MessageView message, string emoji);

    Task DeleteAsync(MessageView message);

    Task ReportAsync(MessageView message);

    Task OpenThreadAsync(MessageView message);

    Task JumpToAsync(ReplyPreview original);

    /// <summary>Saves an edit; returns an error to show under the box, or null when it was saved.</summary>
    Task<string?> SaveEditAsync(MessageView message, string text);
}
