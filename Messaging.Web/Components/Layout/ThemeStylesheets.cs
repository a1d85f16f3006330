using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Messaging.Web.Components.Layout;

/// <summary>
/// The app's MudBlazor theme, light and dark, served as two cacheable stylesheets instead of a
/// <see cref="MudThemeProvider"/> on every circuit. The provider's output is the same for every user (a 23 KB
/// <c>&lt;style&gt;</c> of CSS variables), yet each circuit kept its own copies of it in its render trees. Here it is
/// rendered once per process with <see cref="HtmlRenderer"/>, so the CSS is exactly what MudBlazor would have
/// emitted. The page links both; the one not chosen has <c>media="not all"</c>, and switching is a client-side
/// attribute flip (js/app.js) with no round trip to the circuit.
/// </summary>
public sealed partial class ThemeStylesheets(IServiceScopeFactory scopes, ILoggerFactory loggerFactory)
{
    public const string CookieName = "messaging.theme";
    private const string PathPrefix = "/theme/";

    private readonly Lazy<Task<IReadOnlyDictionary<string, Sheet>>> _sheets = new(() => RenderAllAsync(scopes, loggerFactory));

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

    /// <summary>The two modes, in the order the page links them.</summary>
    public static IReadOnlyList<string> Modes { get; } = ["light", "dark"];

    /// <summary>The mode a request asked for through its cookie; light unless it says dark.</summary>
    public static string ModeOf(HttpContext context) => context.Request.Cookies[CookieName] == "dark" ? "dark" : "light";

    /// <summary>The versioned address of one mode's stylesheet (cached by browsers for a year).</summary>
    public async Task<string> UrlAsync(string mode) => (await _sheets.Value)[mode].Url;

    public void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(PathPrefix + "{mode}.css", async (string mode, HttpContext context) =>
        {
            if (!(await _sheets.Value).TryGetValue(mode, out var sheet))
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            context.Response.Headers.ETag = sheet.ETag;
            return Results.Text(sheet.Css, "text/css", Encoding.UTF8);
        }).ExcludeFromDescription();

    private static async Task<IReadOnlyDictionary<string, Sheet>> RenderAllAsync(IServiceScopeFactory scopes, ILoggerFactory loggerFactory)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggerFactory);
        var sheets = new Dictionary<string, Sheet>(StringComparer.Ordinal);
        foreach (var mode in Modes)
        {
            var html = await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
                {
                    [nameof(MudThemeProvider.Theme)] = Theme,
                    [nameof(MudThemeProvider.IsDarkMode)] = mode == "dark",
                });
                var output = await renderer.RenderComponentAsync<MudThemeProvider>(parameters);
                return output.ToHtmlString();
            });
            sheets[mode] = Sheet.Create(mode, StyleTags().Replace(html, string.Empty).Trim());
        }

        return sheets;
    }

    [GeneratedRegex("</?style[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex StyleTags();

    private sealed record Sheet(string Css, string Url, string ETag)
    {
        public static Sheet Create(string mode, string css)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(css)))[..12];
            return new Sheet(css, $"{PathPrefix.TrimStart('/')}{mode}.css?v={hash}", $"\"{hash}\"");
        }
    }
}
