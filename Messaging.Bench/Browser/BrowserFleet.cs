using Messaging.Bench.Load;
using Microsoft.Playwright;

namespace Messaging.Bench.Browser;

/// <summary>
/// The Chromium processes and the room pages in them. Page j shows conversation j mod M (its candidate's tab number
/// j div M), in browser (conversation + tab) mod B: the tabs of one conversation sit in different processes, so killing
/// one process leaves every conversation at least one open page, and with B > 2 some conversations are not hit at all.
/// </summary>
public sealed class BrowserFleet : IAsyncDisposable
{
    private const int SettleSeconds = 5;

    private readonly IPlaywright _playwright;
    private readonly List<ChromiumProcess> _browsers = [];
    private readonly List<RoomPage> _pages = [];

    private BrowserFleet(IPlaywright playwright) => _playwright = playwright;

    public IReadOnlyList<ChromiumProcess> Browsers => _browsers;

    /// <summary>By index.</summary>
    public IReadOnlyList<RoomPage> Pages => _pages;

    public static async Task<BrowserFleet> OpenAsync(BrowserOptions options, Uri baseUrl, Scenario scenario, TextWriter console, CancellationToken cancellationToken)
    {
        var fleet = new BrowserFleet(await Playwright.CreateAsync());
        try
        {
            for (var b = 0; b < options.Browsers; b++)
            {
                var browser = await ChromiumProcess.StartAsync(fleet._playwright, b, options.BrowserNice, cancellationToken);
                fleet._browsers.Add(browser);
                console.WriteLine($"[browser] Chromium {b} started, pid {browser.Pid}");
            }

            var pages = new RoomPage?[options.Pages];
            var opened = 0;
            await Parallel.ForAsync(0, options.Pages, new ParallelOptions { MaxDegreeOfParallelism = options.ParallelPages, CancellationToken = cancellationToken }, async (j, _) =>
            {
                var conversation = j % options.Conversations;
                var browser = fleet._browsers[(conversation + j / options.Conversations) % options.Browsers];
                pages[j] = await RoomPage.OpenAsync(j, browser, scenario.Conversations[conversation], conversation, scenario.Users.Count, baseUrl, console);
                var done = Interlocked.Increment(ref opened);
                if (done % 5 == 0 || done == options.Pages)
                {
                    console.WriteLine($"[browser] {done}/{options.Pages} rooms open");
                }
            });
            fleet._pages.AddRange(pages.Select(p => p!));
            // Opening pages keeps the server and the browsers busy for a few seconds more (circuits, first renders).
            await Task.Delay(TimeSpan.FromSeconds(SettleSeconds), cancellationToken);
            foreach (var page in fleet._pages)
            {
                await page.MeasureOffsetAsync();
            }

            var worst = fleet._pages.MaxBy(p => Math.Abs(p.OffsetMs))!;
            console.WriteLine($"[browser] page clocks vs the bench's: largest offset {worst.OffsetMs:0.00} ms (page {worst.Index}, +/- {worst.OffsetUncertaintyMs:0.00} ms)");
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Collects every live page's notes (in parallel); the new notes, as (page, message number, bench time).</summary>
    public async Task<List<(RoomPage Page, long Number, double At)>> CollectAsync()
    {
        var batches = await Task.WhenAll(_pages.Where(p => p.Alive).Select(async p => (Page: p, Notes: await p.CollectAsync())));
        return batches.SelectMany(b => b.Notes.Select(n => (b.Page, n.Number, n.At))).ToList();
    }

    /// <summary>CPU seconds of the browsers still running (all their processes).</summary>
    public double CpuSeconds() => _browsers.Where(b => !b.Killed).Sum(b => b.CpuSeconds());

    public async ValueTask DisposeAsync()
    {
        foreach (var browser in _browsers)
        {
            await browser.DisposeAsync();
        }

        _playwright.Dispose();
    }
}
