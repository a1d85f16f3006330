namespace Messaging.Web.Security;

/// <summary>The <c>Security</c> section.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// Origins (scheme://host[:port]) allowed to open the Blazor circuit and the chat hub from a browser.
    /// Empty: only the app's own origin. Cross-site WebSocket hijacking is refused either way.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Hub connections one user may hold at once (tabs, devices, programs).</summary>
    public int MaxHubConnectionsPerUser { get; set; } = 20;
}
