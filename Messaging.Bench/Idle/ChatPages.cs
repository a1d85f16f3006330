using System.Text.RegularExpressions;
using Messaging.Bench.App;
using Microsoft.Playwright;

namespace Messaging.Bench.Idle;

/// <summary>
/// Real chat pages in headless Chromium: each bench user signs in through /Account/Login in their own browser
/// context and stays on /conversations once its circuit is interactive. The browser is Debian's (/usr/bin/chromium).
/// </summary>
public sealed partial class ChatPages(IPlaywright playwright, IBrowser browser, Uri baseUrl) : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // Headless in a container: no sandbox, GPU or /dev/shm; nothing that phones home while the pages sit idle.
    internal static readonly string[] ChromiumArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public static async Task<ChatPages> LaunchAsync(Uri baseUrl)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is required at {ChromiumPath} (apt-get install chromium).");
        }

        var playwright = await Playwright.CreateAsync();
        var launch = new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Timeout = 60_000, Args = ChromiumArguments };
        return new ChatPages(playwright, await playwright.Chromium.LaunchAsync(launch), baseUrl);
    }

    /// <summary>
    /// Signs each user in (indexes into the seeded users) and waits until their chat page is interactive; with
    /// <paramref name="room"/>, also opens their conversation and waits until its composer is ready.
    /// </summary>
    public async Task OpenAsync(IReadOnlyList<int> users, int seededUsers, bool room, int parallel, TextWriter console, CancellationToken cancellationToken)
    {
        var opened = 0;
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (user, _) =>
        {
            // One context per user: its own cookies, so its own sign-in and circuit. Closed with the browser.
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), Locale = "en-US", TimezoneId = "UTC" });
            context.SetDefaultTimeout(60_000);
            var page = await context.NewPageAsync();
            page.Console += (_, message) =>
            {
                // A page that cannot load its scripts never becomes interactive; say why before the wait times out.
                if (message.Type is "error")
                {
                    console.WriteLine($"[idle] page of user {user}: {message.Text}");
                }
            };
            await SignInAsync(page, user, seededUsers, room);

            var done = Interlocked.Increment(ref opened);
            if (done % 10 == 0 || done == users.Count)
            {
                console.WriteLine($"[idle] {done}/{users.Count} chat pages interactive");
            }
        });
    }

    /// <summary>
    /// Signs a seeded user in on <paramref name="page"/> and waits until /conversations is interactive; with
    /// <paramref name="room"/>, also opens their (first) conversation and waits until its composer is ready.
    /// </summary>
    public static async Task SignInAsync(IPage page, int user, int seededUsers, bool room)
    {
        await page.GotoAsync("Account/Login");
        await page.GetByLabel("E-mail").FillAsync(BenchSeeder.Email(user, seededUsers));
        await page.GetByLabel("Password").FillAsync(BenchSeeder.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(ConversationsUrl());
        // The same marker the E2E suite waits on: the page is live on its circuit, not just prerendered.
        await page.Locator(".conversations[data-interactive=true]").WaitForAsync();
        if (room)
        {
            // Every bench user has one conversation; the E2E suite waits on the same composer marker.
            await page.GetByTestId("conversation-item").First.ClickAsync();
            await page.Locator("[data-testid=composer][data-ready=true]").WaitForAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }

    [GeneratedRegex("/conversations$")]
    private static partial Regex ConversationsUrl();
}
