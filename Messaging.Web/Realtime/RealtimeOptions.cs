using System.ComponentModel.DataAnnotations;

namespace Messaging.Web.Realtime;

/// <summary>The <c>Realtime</c> section: limits of the public chat hub.</summary>
public sealed class RealtimeOptions
{
    public const string SectionName = "Realtime";

    /// <summary>Largest hub message a client may send. A 2,000-character message fits several times over.</summary>
    [Range(4 * 1024, 1024 * 1024)]
    public int MaximumReceiveMessageBytes { get; set; } = 32 * 1024;

    /// <summary>How often the server pings an idle connection.</summary>
    [Range(1, 120)]
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>A client silent for this long is dropped (and goes offline). At least twice the keep-alive.</summary>
    [Range(2, 600)]
    public int ClientTimeoutSeconds { get; set; } = 30;

    internal bool IsValid() => ClientTimeoutSeconds >= 2 * KeepAliveSeconds;
}
