using Messaging.Bench.Load;

namespace Messaging.Bench.Browser;

/// <summary>The browser-path scenario: how many real chat pages, in how many Chromium processes, at what rate, and when one process dies.</summary>
public sealed class BrowserOptions
{
    /// <summary>Chat pages (one browser context each), spread evenly over the conversations; each has its room open.</summary>
    public int Pages { get; set; } = 20;

    /// <summary>One-to-one conversations; the pages are the candidate's tabs, the hub client is the employer who sends.</summary>
    public int Conversations { get; set; } = 10;

    /// <summary>Chromium processes the pages are spread over, so that one can be killed while the others go on.</summary>
    public int Browsers { get; set; } = 3;

    /// <summary>
    /// Above 0, the browsers run at this lower CPU priority (nice), so the server gets the cores first, as if the pages
    /// ran on their users' own machines; 0: all share the cores alike. Either way the report gives each one's CPU.
    /// </summary>
    public int BrowserNice { get; set; }

    /// <summary>Hub connections per employer, used in turn: each runs one send at a time (the hub's limit is 20 per user).</summary>
    public int Senders { get; set; } = 10;

    /// <summary>Messages a second in total, round robin over the conversations.</summary>
    public double Rate { get; set; } = 200;

    public int Seconds { get; set; } = 30;

    /// <summary>Messages scheduled in the first seconds are sent but left out of the figures (JIT, pools, caches).</summary>
    public int WarmupSeconds { get; set; } = 5;

    /// <summary>Seconds after the first send at which one Chromium process gets SIGKILL; 0: none is killed.</summary>
    public int KillAt { get; set; } = 15;

    /// <summary>How long after the last send a message may still appear before it counts as lost.</summary>
    public int GraceSeconds { get; set; } = 15;

    /// <summary>Characters per message (at least the header with the message's number).</summary>
    public int Size { get; set; } = 120;

    /// <summary>Pages signing in at the same time.</summary>
    public int ParallelPages { get; set; } = 4;

    public string Environment { get; set; } = "Production";

    /// <summary>Where the markdown report is appended (optional).</summary>
    public string? Output { get; set; }

    public static BrowserOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BrowserOptions();
        var reader = new OptionReader(args);
        while (reader.Next() is { } name)
        {
            switch (name)
            {
                case "--pages": options.Pages = reader.Int(); break;
                case "--conversations": options.Conversations = reader.Int(); break;
                case "--browsers": options.Browsers = reader.Int(); break;
                case "--browser-nice": options.BrowserNice = reader.Int(); break;
                case "--senders": options.Senders = reader.Int(); break;
                case "--rate": options.Rate = reader.Double(); break;
                case "--seconds": options.Seconds = reader.Int(); break;
                case "--warmup": options.WarmupSeconds = reader.Int(); break;
                case "--kill-at": options.KillAt = reader.Int(); break;
                case "--grace": options.GraceSeconds = reader.Int(); break;
                case "--size": options.Size = reader.Int(); break;
                case "--parallel-pages": options.ParallelPages = reader.Int(); break;
                case "--environment": options.Environment = reader.Value(); break;
                case "--output": options.Output = reader.Value(); break;
                default: throw reader.Unknown();
            }
        }

        if (options.Conversations < 1 || options.Pages < options.Conversations || options.Browsers < 1 || options.Rate <= 0
            || options.Seconds < 1 || options.WarmupSeconds < 0 || options.WarmupSeconds >= options.Seconds || options.GraceSeconds < 0 || options.ParallelPages < 1 || options.Senders is < 1 or > 16 || options.BrowserNice is < 0 or > 19)
        {
            throw new ArgumentException("Need --conversations >= 1, --pages >= --conversations, --browsers >= 1, --rate > 0, --seconds longer than --warmup, --grace >= 0, --parallel-pages >= 1, --senders from 1 to 16 and --browser-nice from 0 to 19.");
        }

        if (options.KillAt != 0 && (options.KillAt <= options.WarmupSeconds || options.KillAt >= options.Seconds || options.Browsers < 2))
        {
            throw new ArgumentException("--kill-at must fall between --warmup and --seconds, with --browsers >= 2 (or --kill-at 0: no kill).");
        }

        if (options.KillAt != 0 && options.Pages < 2 * options.Conversations)
        {
            throw new ArgumentException("With --kill-at, every conversation needs two pages (--pages >= 2 x --conversations) so one survives the kill.");
        }

        return options;
    }
}
