using System.Globalization;
using System.Text;

namespace Messaging.Core.Interviews;

/// <summary>Writes an accepted invitation as an RFC 5545 calendar with one VEVENT, times in UTC.</summary>
public static class InterviewCalendar
{
    private const int MaxLineOctets = 75;

    public static string Build(InterviewInvitation invitation, string summary, DateTime now)
    {
        var start = invitation.AcceptedStart ?? throw new InvalidOperationException("Only an accepted invitation has a time.");
        var description = invitation.Note ?? "";
        if (invitation.IsLink)
        {
            description = description.Length == 0 ? $"Join: {invitation.Location}" : $"{description}\nJoin: {invitation.Location}";
        }

        var text = new StringBuilder();
        Line(text, "BEGIN:VCALENDAR");
        Line(text, "VERSION:2.0");
        Line(text, "PRODID:-//Messaging//Interview invitations//EN");
        Line(text, "CALSCALE:GREGORIAN");
        Line(text, "METHOD:PUBLISH");
        Line(text, "BEGIN:VEVENT");
        Line(text, $"UID:{invitation.Id:N}@messaging");
        Line(text, $"DTSTAMP:{Utc(invitation.RespondedAt ?? now)}");
        Line(text, $"DTSTART:{Utc(start)}");
        Line(text, $"DTEND:{Utc(start.AddMinutes(invitation.DurationMinutes))}");
        Line(text, $"SUMMARY:{Escape(summary)}");
        Line(text, $"LOCATION:{Escape(invitation.Location)}");
        if (invitation.IsLink)
        {
            Line(text, $"URL:{invitation.Location}");
        }

        if (description.Length > 0)
        {
            Line(text, $"DESCRIPTION:{Escape(description)}");
        }

        Line(text, "STATUS:CONFIRMED");
        Line(text, "END:VEVENT");
        Line(text, "END:VCALENDAR");
        return text.ToString();
    }

    private static string Utc(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT escaping (RFC 5545 3.3.11).</summary>
    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Appends a content line folded at 75 octets (never inside a UTF-8 sequence), ended by CRLF.</summary>
    private static void Line(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = MaxLineOctets;
        for (var i = 0; i < line.Length; i++)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = MaxLineOctets - 1;
            }

            text.Append(line, i, width);
            octets += size;
            i += width - 1;
        }

        text.Append("\r\n");
    }
}
