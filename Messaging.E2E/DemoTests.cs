using System.Text.RegularExpressions;
using Messaging.E2E.Infrastructure;

namespace Messaging.E2E;

/// <summary>The demo seed as README promises it: a demo candidate signs in and finds their conversations with history.</summary>
public class DemoTests(E2EFixture fixture) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await fixture.CapturePagesAsync(TestContext.Current.Test?.TestDisplayName ?? "test");

    [Fact]
    public async Task The_demo_candidate_signs_in_and_finds_the_seeded_conversations()
    {
        var page = await fixture.NewUserPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync("dana@candidate.demo");
        await page.GetByLabel("Password").FillAsync("Demo!Pass1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/conversations$"));

        var items = page.GetByTestId("conversation-item");
        await Expect(items).ToHaveCountAsync(2);
        // As in the other tests: a link clicked while the page is only prerendered can be lost when the circuit starts.
        await page.WaitForCircuitAsync();
        await items.Filter(new() { HasText = "Alice Martin" }).ClickAsync();
        await Expect(page.GetByTestId("room-name")).ToHaveTextAsync("Alice Martin");
        await Expect(page.GetByTestId("message")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("message-body").Last).ToContainTextAsync("Thursday at 10:00");
        await page.ScreenshotAsync(new() { Path = Path.Combine(E2EFixture.ScreenshotFolder, "readme.png") });
    }
}
