using System.Text;

namespace Messaging.Bench.Load;

/// <summary>
/// The message body carries its scheduled send time (Stopwatch ticks of the generator process), written in letters:
/// digits would trip the phone and card-number detectors and turn a plain send into a flagged or blocked one.
/// </summary>
public static class MessageText
{
    private const string Prefix = "bench ";
    private const int StampLength = 16;
    private const string Filler = " hello, thanks for your application. could we talk about the role on monday or tuesday afternoon? the team is looking forward to it.";

    public static string Create(long ticks, int size)
    {
        var builder = new StringBuilder(Math.Max(size, Prefix.Length + StampLength));
        builder.Append(Prefix);
        for (var shift = 60; shift >= 0; shift -= 4)
        {
            builder.Append((char)('a' + (int)((ticks >> shift) & 0xF)));
        }

        while (builder.Length < size)
        {
            builder.Append(Filler, 0, Math.Min(Filler.Length, size - builder.Length));
        }

        return builder.ToString().TrimEnd();
    }

    public static bool TryReadTicks(string? body, out long ticks)
    {
        ticks = 0;
        if (body is null || body.Length < Prefix.Length + StampLength || !body.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < StampLength; i++)
        {
            var nibble = body[Prefix.Length + i] - 'a';
            if (nibble is < 0 or > 15)
            {
                return false;
            }

            ticks = (ticks << 4) | (uint)nibble;
        }

        return true;
    }
}
