using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace Messaging.Web.Components.Shared;

/// <summary>
/// Static pieces of MudBlazor's look as render fragments: the same markup and CSS classes, written into the parent's
/// render tree, without a component of their own. Every component on a circuit costs about 3 KB for its two
/// render-tree buffers however little it draws, so a decorative icon, for example, should not be one.
/// Interactive MudBlazor components (dialogs, menus, inputs with validation) stay components.
/// </summary>
public static class Ui
{
    public const string IconSizeSmall = "mud-icon-root mud-svg-icon mud-icon-size-small";
    public const string IconSizeMedium = "mud-icon-root mud-svg-icon mud-icon-size-medium";
    public const string IconSizeLarge = "mud-icon-root mud-svg-icon mud-icon-size-large";

    // An icon's whole markup, built once per icon and size: a render tree then holds one frame (a reference to this
    // string) per icon instead of an element, its attributes and its content. Callers pass MudBlazor's icon constants
    // and this class's size constants (plus constant classes), so the cache stays as small as the set of icons the app
    // draws; never text from a user, which would grow it without bound (classes are encoded all the same).
    private static readonly ConcurrentDictionary<(string Icon, string Classes), string> IconMarkup = new();
    private static readonly ConcurrentDictionary<(string Icon, bool Small), string> IconButtonMarkup = new();

    /// <summary>A small MudChip's classes, for a toggle button: filled in the primary colour when on, outlined when off.</summary>
    public static string ChipClass(bool on) => on
        ? "mud-chip mud-chip-filled mud-chip-size-small mud-chip-color-primary mud-clickable"
        : "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-default mud-clickable";

    /// <summary>An SVG icon from <see cref="MudBlazor.Icons"/>, as MudIcon draws it, hidden from assistive technology.</summary>
    /// <param name="icon">The icon's SVG content (a MudBlazor <c>Icons</c> constant).</param>
    /// <param name="classes">The icon's classes: one of the <c>IconSize*</c> constants, plus any of the caller's.</param>
    /// <remarks>Markup, not a fragment: in a render tree it is one frame, a reference to a string built once.</remarks>
    public static MarkupString Icon(string icon, string classes = IconSizeMedium) => new(Svg(icon, classes));

    /// <summary>
    /// A MudIconButton's look as a plain button: for buttons drawn many times (per message) or always on screen.
    /// <paramref name="receiver"/> is the component that re-renders after the click, as for any event handler.
    /// </summary>
    public static RenderFragment IconButton(object receiver, string icon, string label, Func<Task> onClick, bool small = false, string? testId = null, string? classes = null, bool opensMenu = false) => builder =>
    {
        builder.OpenElement(0, "button");
        builder.AddAttribute(1, "type", "button");
        builder.AddAttribute(2, "class", classes is null ? small ? "mud-button-root mud-icon-button mud-icon-button-size-small" : "mud-button-root mud-icon-button"
            : (small ? "mud-button-root mud-icon-button mud-icon-button-size-small " : "mud-button-root mud-icon-button ") + classes);
        builder.AddAttribute(3, "aria-label", label);
        builder.AddAttribute(4, "aria-haspopup", opensMenu ? "menu" : null);
        builder.AddAttribute(5, "data-testid", testId);
        builder.AddAttribute(6, "onclick", EventCallback.Factory.Create(receiver, onClick));
        builder.AddMarkupContent(7, IconButtonLabel(icon, small));
        builder.CloseElement();
    };

    /// <summary>
    /// A small icon button as one piece of markup, with no handler of its own: a delegated handler on a container
    /// learns it was clicked from its <c>data-bubble-action</c> (see <c>BubbleActionEventArgs</c>). Build it once
    /// and keep it: a render tree then holds one frame for the whole button.
    /// </summary>
    public static MarkupString ActionButton(string icon, string label, string action, string testId, bool opensMenu = false) => new(
        $"<button type=\"button\" class=\"mud-button-root mud-icon-button mud-icon-button-size-small\" aria-label=\"{Encode(label)}\" title=\"{Encode(label)}\"" +
        $"{(opensMenu ? " aria-haspopup=\"menu\"" : "")} data-testid=\"{Encode(testId)}\" data-bubble-action=\"{Encode(action)}\">" +
        $"{IconButtonLabel(icon, small: true)}</button>");

    // What a MudIconButton draws inside its button: the label span around the icon.
    private static string IconButtonLabel(string icon, bool small) => IconButtonMarkup.GetOrAdd((icon, small), static key =>
        $"<span class=\"mud-icon-button-label\">{Svg(key.Icon, key.Small ? IconSizeSmall : IconSizeMedium)}</span>");

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static string Svg(string icon, string classes) => IconMarkup.GetOrAdd((icon, classes), static key =>
        $"<svg class=\"{Encode(key.Classes)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{key.Icon}</svg>");
}
