using System.Collections.Concurrent;
using Messaging.Core.Presence;
using Microsoft.AspNetCore.Components;

namespace Messaging.Web.Components.Chat;

/// <summary>
/// A dot in a presence's colour, with the status as its accessible name. Markup built once per status and class, not a
/// component: the conversation list draws one per row, and as markup it is one render-tree frame (see Shared/Ui).
/// Styled in app.css.
/// </summary>
public static class PresenceDot
{
    private static readonly ConcurrentDictionary<(PresenceStatus Status, string? ExtraClass), MarkupString> Markup = new();

    public static MarkupString For(PresenceStatus status, string? extraClass = null) => Markup.GetOrAdd((status, extraClass), static key =>
    {
        var name = key.Status switch
        {
            PresenceStatus.Online => "online",
            PresenceStatus.Away => "away",
            _ => "offline",
        };
        var classes = key.ExtraClass is null ? $"presence-dot presence-{name}" : $"presence-dot presence-{name} {System.Net.WebUtility.HtmlEncode(key.ExtraClass)}";
        return new MarkupString($"<span class=\"{classes}\" role=\"img\" aria-label=\"{key.Status}\" title=\"{key.Status}\" data-testid=\"presence-{name}\"></span>");
    });
}
