using System.Text.Json;
using Messaging.E2E.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.E2E;

/// <summary>
/// A long conversation: the room keeps a bounded window of messages however far back the user scrolls, comes back to
/// the latest, and jumps to a quoted message outside the window.
/// </summary>
public class LongHistoryTests(E2EFixture fixture) : IAsyncLifetime
{
    private const int Count = 400;
    private AppServer? _app;

    public async ValueTask InitializeAsync() =>
        // A server of its own, without the per-minute limit, so the history can be written quickly over the hub.
        _app = await AppServer.StartAsync(new Dictionary<string, string> { ["RateLimits__MessagesPerMinute"] = "10000" });

    public async ValueTask DisposeAsync()
    {
        await fixture.CapturePagesAsync(TestContext.Current.Test?.TestDisplayName ?? "test");
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Scrolling_back_through_a_long_history_keeps_the_window_bounded_and_jumps_work_outside_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Ines {suffix}";
        var (candidate, _) = await fixture.RegisterCandidateAsync(candidateName, _app!.BaseUrl);
        var (employer, employerEmail) = await fixture.RegisterEmployerAsync($"Marc {suffix}", "Umbrella Test", _app.BaseUrl);
        await ChatTests.StartConversationAsync(employer, candidateName);
        var conversationId = Guid.Parse(employer.Url[(employer.Url.LastIndexOf('/') + 1)..]);
        await candidate.GotoAsync($"/conversations/{conversationId}");
        await ChatTests.WaitForComposerAsync(candidate);

        // The employer writes a long history (over the hub), ending with a reply to the fifth message.
        await using var hub = await HubClients.ConnectAsync(_app!.BaseUrl, employerEmail);
        var fifth = Guid.Empty;
        for (var i = 1; i <= Count; i++)
        {
            var stored = await hub.InvokeAsync<JsonElement>("SendMessage", conversationId, Guid.NewGuid(), $"m{i}");
            if (i == 5)
            {
                fifth = stored.GetProperty("id").GetGuid();
            }
        }

        await hub.InvokeAsync<JsonElement>("SendReply", conversationId, Guid.NewGuid(), "About m5", fifth);

        // The open room followed the newest, and holds no more than its window.
        var messages = candidate.GetByTestId("message");
        await Expect(candidate.GetByTestId("message-body").Last).ToHaveTextAsync("About m5");
        Assert.InRange(await messages.CountAsync(), 100, 150);

        // Scrolled to the top again and again until the beginning: the window moves back and stays bounded.
        var scroller = candidate.GetByTestId("messages");
        var beginning = candidate.GetByText("Beginning of the conversation");
        for (var step = 0; step < 40 && !await beginning.IsVisibleAsync(); step++)
        {
            var first = await messages.First.GetAttributeAsync("data-sequence");
            await scroller.EvaluateAsync("e => e.scrollTop = 0");
            await candidate.WaitForFunctionAsync(
                "first => { const m = document.querySelector('[data-testid=message]'); return !m || m.dataset.sequence !== first || document.body.innerText.includes('Beginning of the conversation'); }",
                first);
            Assert.InRange(await messages.CountAsync(), 1, 150);
        }

        await Expect(beginning).ToBeVisibleAsync();
        await Expect(messages.First).ToHaveAttributeAsync("data-sequence", "1");
        Assert.InRange(await messages.CountAsync(), 1, 150);
        await Expect(candidate.GetByTestId("jump-latest")).ToBeVisibleAsync();

        // Back to the latest in one click.
        await candidate.GetByTestId("jump-latest").ClickAsync();
        await Expect(candidate.GetByTestId("message-body").Last).ToHaveTextAsync("About m5");
        await Expect(candidate.GetByTestId("jump-latest")).ToHaveCountAsync(0);
        Assert.InRange(await messages.CountAsync(), 1, 150);

        // The reply's quote jumps to m5, far outside the window: it is loaded around it and scrolled into view.
        await candidate.GetByTestId("reply-quote").Last.ClickAsync();
        await Expect(candidate.Locator("#msg-5")).ToBeInViewportAsync();
        Assert.InRange(await messages.CountAsync(), 1, 150);
    }
}
