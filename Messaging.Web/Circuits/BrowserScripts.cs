using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Messaging.Web.Circuits;

/// <summary>
/// Every call the circuit makes into the browser's scripts (<c>js/app.js</c>, <c>js/chat.js</c>), typed, in one place.
/// None of them is ever made while applying an event from the bus: only after a render or in answer to the user.
/// Arguments that are numbers or flags travel as text: script arguments are serialized as <c>object</c>, and for a
/// value passed that way System.Text.Json builds and caches metadata for every interface of its type (about 30 for a
/// <c>long</c>) in the circuit's own serializer cache, ~14 KB per circuit; strings are in that cache anyway.
/// </summary>
public sealed class BrowserScripts(IJSRuntime js)
{
    // The composer: drafts and the outbox live in the browser (localStorage), which calls back the room's sends.
    public ValueTask AttachComposerAsync<T>(Guid conversationId, ElementReference composer, DotNetObjectReference<T> sends) where T : class =>
        js.InvokeVoidAsync("messaging.chat.attach", conversationId.ToString(), composer, sends);

    public ValueTask DetachComposerAsync(Guid conversationId) => js.InvokeVoidAsync("messaging.chat.detach", conversationId.ToString());

    public ValueTask SetComposerDisabledAsync(Guid conversationId, bool disabled) =>
        js.InvokeVoidAsync("messaging.chat.setDisabled", conversationId.ToString(), disabled ? "true" : "false");

    public ValueTask SendNowAsync(Guid conversationId) => js.InvokeVoidAsync("messaging.chat.sendNow", conversationId.ToString());

    public ValueTask SetReplyToAsync(Guid conversationId, Guid? messageId) =>
        js.InvokeVoidAsync("messaging.chat.setReplyTo", conversationId.ToString(), messageId?.ToString());

    // The timeline's scroll position, which only the browser knows.
    public ValueTask ScrollToBottomAsync(ElementReference scroller) => js.InvokeVoidAsync("messaging.chat.scrollToBottom", scroller);

    public ValueTask ScrollToMessageAsync(long sequence) => js.InvokeVoidAsync("messaging.chat.scrollToMessage", Text(sequence));

    /// <summary>Scrolls to a message once it is drawn and highlights it briefly.</summary>
    public ValueTask JumpToMessageAsync(long sequence) => js.InvokeVoidAsync("messaging.chat.jumpToMessage", Text(sequence));

    /// <summary>Where the first visible message is, so that <see cref="RestoreAnchorAsync"/> keeps it in place after messages come or go around it.</summary>
    public ValueTask<string> RememberAnchorAsync(ElementReference scroller) => js.InvokeAsync<string>("messaging.chat.rememberAnchor", scroller);

    public ValueTask RestoreAnchorAsync(ElementReference scroller, string anchor) => js.InvokeVoidAsync("messaging.chat.restoreAnchor", scroller, anchor);

    /// <summary>
    /// Watches both ends of the timeline (calls <c>LoadOlder</c> and <c>LoadNewer</c> on <paramref name="target"/>) and keeps
    /// the view at the end while it is there.
    /// </summary>
    public ValueTask<IJSObjectReference?> ObserveTimelineAsync<T>(ElementReference top, ElementReference scroller, DotNetObjectReference<T> target, ElementReference bottom)
        where T : class =>
        js.InvokeAsync<IJSObjectReference?>("messaging.chat.observeTop", top, scroller, target, bottom);

    // Focus for menus that are mounted only while open.
    public ValueTask FocusOpenMenuAsync() => js.InvokeVoidAsync("messaging.focusOpenMenu");

    public ValueTask RestoreFocusAsync(string selector) => js.InvokeVoidAsync("messaging.restoreFocus", selector);

    // The page: time zone, visibility, notifications.
    public ValueTask<string> TimeZoneAsync() => js.InvokeAsync<string>("messaging.page.timeZone");

    public ValueTask<string> NotificationPermissionAsync() => js.InvokeAsync<string>("messaging.page.notificationPermission");

    public ValueTask<string> RequestNotificationsAsync() => js.InvokeAsync<string>("messaging.page.requestNotifications");

    public ValueTask<IJSObjectReference> WatchVisibilityAsync<T>(DotNetObjectReference<T> target) where T : class =>
        js.InvokeAsync<IJSObjectReference>("messaging.page.watchVisibility", target);

    /// <summary>The address bar's URL, which may be ahead of the circuit's (see the conversations page).</summary>
    public ValueTask<string> LocationAsync() => js.InvokeAsync<string>("messaging.page.location");

    public ValueTask<bool> IsVisibleAsync() => js.InvokeAsync<bool>("messaging.page.isVisible");

    public ValueTask<bool> NotifyAsync(string title, string body, string url) => js.InvokeAsync<bool>("messaging.page.notify", title, body, url);

    /// <summary>The attachments module (drop zone, uploads), loaded on first use.</summary>
    public ValueTask<IJSObjectReference> ImportAttachmentsAsync() => js.InvokeAsync<IJSObjectReference>("import", "./js/attachments.js");

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
