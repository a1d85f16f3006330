using Microsoft.AspNetCore.Components;

namespace Messaging.Web.Components.Chat;

/// <summary>
/// A click on one of a message's hover buttons (report, react, more). The buttons are plain markup with a
/// <c>data-bubble-action</c> attribute and one handler on their container receives which was clicked (js/app.js registers
/// the event): a room of 50 messages would otherwise keep ~150 handlers, each a delegate and a handful of render-tree
/// frames, for buttons that are rarely clicked.
/// </summary>
public sealed class BubbleActionEventArgs : EventArgs
{
    /// <summary>The clicked button's <c>data-bubble-action</c>, or null for a click elsewhere in the container.</summary>
    public string? Action { get; set; }
}

/// <summary>Tells Razor about <c>@onbubbleaction</c>.</summary>
[EventHandler("onbubbleaction", typeof(BubbleActionEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers;
