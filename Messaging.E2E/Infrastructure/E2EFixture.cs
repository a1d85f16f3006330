using Messaging.E2E.Infrastructure;

[assembly: AssemblyFixture(typeof(E2EFixture))]

namespace Messaging.E2E.Infrastructure;

/// <summary>One app process and one Chromium for the whole run; each test makes fresh browser contexts per user.</summary>
public sealed class E2EFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly List<(string Test, IPage Page)> _pages = [];
    private IPlaywright? _playwright;

    public AppServer App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public IPlaywright Playwright => _playwright ?? throw new InvalidOperationException("The fixture is not initialised.");

    public static string ScreenshotFolder => Path.Combine(AppServer.RepositoryRoot, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is required at {ChromiumPath} (apt-get install chromium; scripts/test.sh does it).");
        }

        App = await AppServer.StartAsync();
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = 60_000,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        SetDefaultExpectTimeout(15_000);
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A new, isolated browser (cookies, storage) for one user.</summary>
    public async Task<IPage> NewUserPageAsync(string? baseUrl = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl ?? App.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        lock (_pages)
        {
            _pages.Add((TestContext.Current.Test?.TestDisplayName ?? "test", page));
        }

        return page;
    }

    /// <summary>Saves a screenshot of every page a finished test opened (under TestResults/screenshots), then closes them.</summary>
    public async Task CapturePagesAsync(string testName)
    {
        List<(string Test, IPage Page)> pages;
        lock (_pages)
        {
            pages = _pages.Where(p => p.Test == testName).ToList();
            _pages.RemoveAll(p => p.Test == testName);
        }

        var safe = string.Concat(testName.Split('.').Last().Select(c => char.IsLetterOrDigit(c) ? c : '_'));
        for (var i = 0; i < pages.Count; i++)
        {
            try
            {
                await pages[i].Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{safe}-{i + 1}.png") });
                await pages[i].Page.Context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // Already closed.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}
