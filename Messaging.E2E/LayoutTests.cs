using Messaging.E2E.Infrastructure;

namespace Messaging.E2E;

/// <summary>The app bar's light/dark switch and the conversation list's search and filters, in Chromium.</summary>
public class LayoutTests(E2EFixture fixture) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await fixture.CapturePagesAsync(TestContext.Current.Test?.TestDisplayName ?? "test");

    [Fact]
    public async Task Dark_mode_switches_at_once_and_is_remembered_on_the_next_page_load()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await fixture.NewCandidateAsync($"Dora {suffix}");
        await page.WaitForInteractiveAsync();
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        var light = await BackgroundAsync(page);

        await page.GetByTestId("theme-toggle").ClickAsync();

        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        var dark = await BackgroundAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(E2EFixture.ScreenshotFolder, "conversations-dark.png") });

        // The server renders the next page in the chosen mode: no light flash before a script runs.
        await page.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", dark);
        await page.GotoAsync("/Account/Manage");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", dark);

        await page.GotoAsync("/conversations");
        await page.WaitForInteractiveAsync();
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", light);
    }

    [Fact]
    public async Task The_list_narrows_as_the_user_types_a_name_and_the_unread_filter_keeps_only_unread()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (olga, piet) = ($"Olga {suffix}", $"Piet {suffix}");
        var olgaPage = await fixture.NewCandidateAsync(olga);
        await fixture.NewCandidateAsync(piet);
        var employer = await fixture.NewEmployerAsync($"Quinn {suffix}", "Search Test");
        await ChatTests.StartConversationAsync(employer, olga);
        await ChatTests.StartConversationAsync(employer, piet);

        // Olga writes; the employer, on the list, has one unread conversation out of two.
        await olgaPage.GetByTestId("conversation-item").ClickAsync();
        await ChatTests.SendAsync(olgaPage, "Hello from Olga");
        await employer.GotoAsync("/conversations");
        await employer.WaitForCircuitAsync();
        var items = employer.GetByTestId("conversation-name");
        await Expect(items).ToHaveCountAsync(2);

        var search = employer.GetByTestId("conversation-search");
        await search.PressSequentiallyAsync("piet");
        await Expect(items).ToHaveTextAsync([piet]);
        await Expect(search).ToHaveValueAsync("piet");

        await search.PressAsync("Escape");
        await Expect(search).ToHaveValueAsync(string.Empty);
        await Expect(items).ToHaveCountAsync(2);

        var unread = employer.GetByTestId("filter-unread");
        await Expect(unread).ToHaveAttributeAsync("aria-pressed", "false");
        await unread.ClickAsync();
        await Expect(unread).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(items).ToHaveTextAsync([olga]);
        await unread.ClickAsync();
        await Expect(items).ToHaveCountAsync(2);
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.Locator("body").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor");
}
