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

    /// <summary>A small MudChip's classes, for a toggle button: filled in the primary colour when on, outlined when off.</summary>
    public static string ChipClass(bool on) => on
        ? "mud-chip mud-chip-filled mud-chip-size-small mud-chip-color-primary mud-clickable"
        : "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-default mud-clickable";

    /// <summary>An SVG icon from <see cref="MudBlazor.Icons"/>, as MudIcon draws it, hidden from assistive technology.</summary>
    /// <param name="icon">The icon's SVG content (a MudBlazor <c>Icons</c> constant).</param>
    /// <param name="classes">The icon's classes: one of the <c>IconSize*</c> constants, plus any of the caller's.</param>
    public static RenderFragment Icon(string icon, string classes = IconSizeMedium) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", classes);
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, icon);
        builder.CloseElement();
    };

    /// <summary>
    /// A MudIconButton's look as a plain button: for buttons drawn many times (per message) or always on screen.
    /// <paramref name="receiver"/> is the component that re-renders after the click, as for any event handler.
    /// </summary>
    public static RenderFragment IconButton(object receiver, string icon, string label, Func<Task> onClick, bool small = false, string? testId = null, string? classes = null, bool opensMenu = false) => builder =>
    {
        builder.OpenElement(0, "button");
        builder.AddAttribute(1, "type", "button");
        builder.AddAttribute(2, "class", (small ? "mud-button-root mud-icon-button mud-icon-button-size-small " : "mud-button-root mud-icon-button ") + classes);
        builder.AddAttribute(3, "aria-label", label);
        builder.AddAttribute(4, "aria-haspopup", opensMenu ? "menu" : null);
        builder.AddAttribute(5, "data-testid", testId);
        builder.AddAttribute(6, "onclick", EventCallback.Factory.Create(receiver, onClick));
        builder.OpenElement(7, "span");
        builder.AddAttribute(8, "class", "mud-icon-button-label");
        builder.AddContent(9, Icon(icon, small ? IconSizeSmall : IconSizeMedium));
        builder.CloseElement();
        builder.CloseElement();
    };
}
