namespace Messaging.Web.Components.Chat;

/// <summary>The browser's time zone for this circuit, so times show as the user's local time.</summary>
public sealed class ClientClock
{
    public TimeZoneInfo TimeZone { get; private set; } = TimeZoneInfo.Utc;

    public bool IsKnown { get; private set; }

    public void Set(string? ianaName)
    {
        if (!string.IsNullOrWhiteSpace(ianaName) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaName, out var zone))
        {
            TimeZone = zone;
        }

        IsKnown = true;
    }

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZone);

    /// <summary>"14:05" today, "Mon 14:05" this week, "3 Nov" before.</summary>
    public string Short(DateTime utc, DateTime nowUtc)
    {
        var local = ToLocal(utc);
        var today = ToLocal(nowUtc).Date;
        return local.Date == today ? local.ToString("HH:mm")
            : local.Date > today.AddDays(-7) ? local.ToString("ddd HH:mm")
            : local.ToString("d MMM");
    }

    public string Day(DateTime utc, DateTime nowUtc)
    {
        var local = ToLocal(utc).Date;
        var today = ToLocal(nowUtc).Date;
        return local == today ? "Today" : local == today.AddDays(-1) ? "Yesterday" : local.ToString("dddd d MMMM yyyy");
    }
}
