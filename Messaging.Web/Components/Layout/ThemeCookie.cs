using MudBlazor;

namespace Messaging.Web.Components.Layout;

/// <summary>The app's MudBlazor theme and the cookie that remembers light or dark.</summary>
public static class ThemeCookie
{
    public const string Name = "messaging.theme";

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            Secondary = "#00897b",
            AppbarBackground = "#3f51b5",
            Background = "#f5f6fa",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            Secondary = "#4db6ac",
            AppbarBackground = "#1e1e2d",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
