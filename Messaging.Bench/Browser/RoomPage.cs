using System.Diagnostics;
using Messaging.Bench.Idle;
using Messaging.Bench.Load;
using Microsoft.Playwright;

namespace Messaging.Bench.Browser;

/// <summary>
/// One real chat page: a candidate's tab with their conversation's room open, in one of the Chromium processes.
/// A MutationObserver injected before any of the app's scripts run notes when each bench message's bubble is added
/// to the DOM; the bench collects those notes every few hundred milliseconds and converts them to its own clock.
/// </summary>
public sealed class RoomPage(int index, ChromiumProcess browser, int conversation, IPage page)
{
    // The body starts with "bench " and the message's number in 16 letters (MessageText); the time is the page's
    // high-resolution clock as epoch milliseconds, taken once per batch of mutations (one Blazor render batch).
    private const string ObserverScript = """
        (() => {
          if (window.top !== window || window.__benchSeen) return;
          const seen = [], first = new Set();
          window.__benchSeen = seen;
          const read = (row, t) => {
            const body = row.querySelector('[data-testid=message-body]');
            const text = body ? body.textContent : '';
            if (text.length < 22 || !text.startsWith('bench ')) return;
            let n = 0;
            for (let i = 6; i < 22; i++) {
              const d = text.charCodeAt(i) - 97;
              if (d < 0 || d > 15) return;
              n = n * 16 + d;
            }
            if (!first.has(n)) { first.add(n); seen.push(n, t); }
          };
          new MutationObserver(records => {
            const t = performance.timeOrigin + performance.now();
            for (const r of records) for (const node of r.addedNodes) {
              if (node.nodeType !== 1) continue;
              if (node.matches('[data-testid=message]')) read(node, t);
              else for (const row of node.querySelectorAll('[data-testid=message]')) read(row, t);
            }
          }).observe(document, { childList: true, subtree: true });
        })();
        """;

    private readonly Dictionary<long, double> _seen = [];

    public int Index { get; } = index;

    public ChromiumProcess Browser { get; } = browser;

    /// <summary>Index of the conversation whose room this page shows.</summary>
    public int Conversation { get; } = conversation;

    /// <summary>The page's clock minus the bench's (milliseconds), measured once the page is open.</summary>
    public double OffsetMs { get; private set; }

    /// <summary>The round trip of the offset measurement: the offset is known to within half of it.</summary>
    public double OffsetUncertaintyMs { get; private set; }

    /// <summary>When each message (by number) appeared, on the bench's clock. Read after the run.</summary>
    public IReadOnlyDictionary<long, double> Seen => _seen;

    public bool Alive => !Browser.Killed;

    /// <summary>A new context (own cookies, so own sign-in and circuit), the observer, sign-in, the room open.</summary>
    public static async Task<RoomPage> OpenAsync(int index, ChromiumProcess browser, BenchConversation conversation, int conversationIndex,
        int seededUsers, Uri baseUrl, TextWriter console)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), Locale = "en-US", TimezoneId = "UTC" });
        context.SetDefaultTimeout(60_000);
        await context.AddInitScriptAsync(ObserverScript);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error")
            {
                console.WriteLine($"[browser] page {index}: {message.Text}");
            }
        };
        await ChatPages.SignInAsync(page, conversation.Candidate, seededUsers, room: true);
        var shown = await page.GetByTestId("chat-room").GetAttributeAsync("data-conversation");
        if (!Guid.TryParse(shown, out var id) || id != conversation.Id)
        {
            throw new InvalidOperationException($"Page {index} opened conversation {shown}, not {conversation.Id}.");
        }

        return new RoomPage(index, browser, conversationIndex, page);
    }

    /// <summary>Takes what the observer noted since the last call (on the bench's clock); none once the page's browser is gone.</summary>
    public async Task<IReadOnlyList<(long Number, double At)>> CollectAsync()
    {
        if (!Alive)
        {
            return [];
        }

        double[] notes;
        try
        {
            notes = await page.EvaluateAsync<double[]>("() => window.__benchSeen ? window.__benchSeen.splice(0) : []");
        }
        catch (PlaywrightException) when (!Alive)
        {
            return [];
        }

        var fresh = new List<(long, double)>(notes.Length / 2);
        lock (_seen)
        {
            for (var i = 0; i + 1 < notes.Length; i += 2)
            {
                var at = notes[i + 1] - OffsetMs;
                if (_seen.TryAdd((long)notes[i], at))
                {
                    fresh.Add(((long)notes[i], at));
                }
            }
        }

        return fresh;
    }

    public bool HasSeen(long number)
    {
        lock (_seen)
        {
            return _seen.ContainsKey(number);
        }
    }

    /// <summary>
    /// Ten round trips; the offset of the shortest counts (same machine, one system clock: what is left is the page's
    /// clock rounding and drift, a few ms at most). Done once every page is open, while nothing else runs.
    /// </summary>
    public async Task MeasureOffsetAsync()
    {
        var best = double.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            var before = BenchClock.Now;
            var pageNow = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            var after = BenchClock.Now;
            if (after - before < best)
            {
                best = after - before;
                OffsetMs = pageNow - (before + after) / 2;
                OffsetUncertaintyMs = best / 2;
            }
        }
    }
}

/// <summary>The bench's clock: epoch milliseconds read once, then advanced by the Stopwatch (monotonic, sub-microsecond).</summary>
public static class BenchClock
{
    private static readonly long Anchor = Stopwatch.GetTimestamp();
    private static readonly double AnchorEpochMs = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    public static double Now => FromTimestamp(Stopwatch.GetTimestamp());

    public static double FromTimestamp(long timestamp) => AnchorEpochMs + (timestamp - Anchor) * 1000.0 / Stopwatch.Frequency;
}
