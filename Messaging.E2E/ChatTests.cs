using System.Text.RegularExpressions;
using Messaging.E2E.Infrastructure;

namespace Messaging.E2E;

/// <summary>Two people in two browsers: live messages, typing, receipts, unread badges, and nothing lost on reload.</summary>
public class ChatTests(E2EFixture fixture) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await fixture.CapturePagesAsync(TestContext.Current.Test?.TestDisplayName ?? "test");

    [Fact]
    public async Task An_employer_and_a_candidate_chat_live_with_typing_receipts_and_unread_badges()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Nora {suffix}";
        var candidate = await fixture.NewCandidateAsync(candidateName);
        var employer = await fixture.NewEmployerAsync($"Rita {suffix}", "Acme Test");

        // The employer starts a conversation from the New dialog.
        await StartConversationAsync(employer, candidateName);
        await Expect(employer.GetByTestId("room-name")).ToHaveTextAsync(candidateName);
        await SendAsync(employer, "Hello Nora, are you open to a new role?");

        // The candidate's list shows it live, with an unread badge and the tab title counting it.
        var item = candidate.GetByTestId("conversation-item");
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item.GetByTestId("unread-badge")).ToHaveTextAsync("1");
        await Expect(candidate).ToHaveTitleAsync(new Regex(@"^\(1\) "));
        await Expect(employer.GetByTestId("message-status").Last).ToHaveAttributeAsync("aria-label", "Delivered");

        // Opening it reads it: the badge clears and the employer sees the read receipt.
        await item.ClickAsync();
        await Expect(candidate.GetByTestId("message-body").Last).ToHaveTextAsync("Hello Nora, are you open to a new role?");
        await Expect(item.GetByTestId("unread-badge")).ToHaveCountAsync(0);
        await Expect(employer.GetByTestId("message-status").Last).ToHaveAttributeAsync("aria-label", "Read");

        // Typing shows on the other side and clears by itself a few seconds after the typist stops.
        await WaitForComposerAsync(candidate);
        await candidate.GetByTestId("composer").Locator("textarea").PressSequentiallyAsync("Yes, I am");
        await Expect(employer.GetByTestId("typing-indicator")).ToContainTextAsync("is typing", new() { Timeout = 10_000 });
        await Expect(employer.GetByTestId("typing-indicator")).Not.ToContainTextAsync("is typing", new() { Timeout = 15_000 });

        await candidate.GetByTestId("composer").Locator("textarea").PressAsync("Enter");
        await Expect(employer.GetByTestId("message-body").Last).ToHaveTextAsync("Yes, I am");
        await Expect(candidate.GetByTestId("composer").Locator("textarea")).ToHaveValueAsync("");

        // Shift+Enter makes a new line instead of sending.
        var box = employer.GetByTestId("composer").Locator("textarea");
        await box.PressSequentiallyAsync("Line one");
        await box.PressAsync("Shift+Enter");
        await box.PressSequentiallyAsync("Line two");
        await box.PressAsync("Enter");
        await Expect(candidate.GetByTestId("message-body").Last).ToHaveTextAsync("Line one\nLine two");
        await Expect(candidate.GetByTestId("message")).ToHaveCountAsync(3);
        await employer.ScreenshotAsync(new() { Path = Path.Combine(E2EFixture.ScreenshotFolder, "chat-employer.png") });
    }

    [Fact]
    public async Task A_reload_keeps_the_draft_and_sends_what_was_left_in_the_outbox_exactly_once()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Omar {suffix}";
        var candidate = await fixture.NewCandidateAsync(candidateName);
        var employer = await fixture.NewEmployerAsync($"Sara {suffix}", "Globex Test");
        await StartConversationAsync(employer, candidateName);
        await SendAsync(employer, "First message");
        var url = employer.Url;
        var conversationId = url[(url.LastIndexOf('/') + 1)..];

        // A draft survives a reload.
        await WaitForComposerAsync(employer);
        await employer.GetByTestId("composer").Locator("textarea").FillAsync("An unfinished thought");
        await employer.ReloadAsync();
        await Expect(employer.GetByTestId("composer").Locator("textarea")).ToHaveValueAsync("An unfinished thought");
        await Expect(employer.GetByTestId("message")).ToHaveCountAsync(1);

        // A message sent just before the connection died is still in the outbox: after the reload it is sent,
        // and a second copy of the same client id (a resend of something already stored) is not stored again.
        var clientId = Guid.NewGuid().ToString();
        await employer.EvaluateAsync(
            "([id, clientId]) => localStorage.setItem(`messaging.outbox.${id}`, JSON.stringify([{ id: clientId, text: 'Sent while offline' }, { id: clientId, text: 'Sent while offline' }]))",
            new[] { conversationId, clientId });
        await employer.ReloadAsync();

        await Expect(employer.GetByTestId("message-body").Last).ToHaveTextAsync("Sent while offline");
        await Expect(employer.GetByTestId("message")).ToHaveCountAsync(2);
        await Expect(employer.GetByTestId("message-pending")).ToHaveCountAsync(0);
        await employer.WaitForFunctionAsync($"() => localStorage.getItem('messaging.outbox.{conversationId}') === '[]'");

        await candidate.GetByTestId("conversation-item").ClickAsync();
        await Expect(candidate.GetByTestId("message-body")).ToHaveTextAsync(["First message", "Sent while offline"]);
        await candidate.ReloadAsync();
        await Expect(candidate.GetByTestId("message-body")).ToHaveTextAsync(["First message", "Sent while offline"]);
    }

    [Fact]
    public async Task Messages_sent_one_right_after_another_all_arrive_in_order()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Lena {suffix}";
        var candidate = await fixture.NewCandidateAsync(candidateName);
        var employer = await fixture.NewEmployerAsync($"Tom {suffix}", "Initech Test");
        await StartConversationAsync(employer, candidateName);
        await WaitForComposerAsync(employer);

        // Each Enter comes while the message before it is still on its way to the server.
        var box = employer.GetByTestId("composer").Locator("textarea");
        string[] texts = ["One", "Two", "Three", "Four"];
        foreach (var text in texts)
        {
            await box.FillAsync(text);
            await box.PressAsync("Enter");
        }

        await Expect(employer.GetByTestId("message-body")).ToHaveTextAsync(texts);
        await Expect(employer.GetByTestId("message-pending")).ToHaveCountAsync(0);
        await candidate.WaitForCircuitAsync();
        await candidate.GetByTestId("conversation-item").ClickAsync();
        await Expect(candidate.GetByTestId("message-body")).ToHaveTextAsync(texts);
    }

    [Fact]
    public async Task A_message_that_is_too_long_is_refused_with_the_reason_and_the_text_stays()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Pia {suffix}";
        await fixture.NewCandidateAsync(candidateName);
        var employer = await fixture.NewEmployerAsync($"Tom {suffix}", "Initech Test");
        await StartConversationAsync(employer, candidateName);

        var text = new string('a', 2001);
        await WaitForComposerAsync(employer);
        var box = employer.GetByTestId("composer").Locator("textarea");
        await box.FillAsync(text);

        await Expect(employer.GetByTestId("composer")).ToContainTextAsync("Too long");
        await Expect(employer.GetByTestId("send")).ToBeDisabledAsync();
        await box.PressAsync("Enter");
        await Expect(box).ToHaveValueAsync(text);
        await Expect(employer.GetByTestId("message")).ToHaveCountAsync(0);
    }

    internal static async Task StartConversationAsync(IPage page, string otherName)
    {
        await page.WaitForCircuitAsync();
        await page.GetByTestId("new-conversation").ClickAsync();
        var picker = page.GetByRole(AriaRole.Dialog).Locator("input").First;
        await picker.ClickAsync();
        await picker.FillAsync(otherName);
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = otherName }).First.ClickAsync();
        var start = page.GetByTestId("start-conversation");
        await Expect(start).ToBeEnabledAsync();
        // The picker's list can open again after the pick: the click on the input started a search of its own, and
        // MudAutocomplete opens its list whenever a search ends, even one begun before the pick (CI saw it cover the
        // button). The click goes to the button itself so that a late list cannot swallow it.
        await start.DispatchEventAsync("click");
        await Expect(page).ToHaveURLAsync(new Regex("/conversations/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("room-name")).ToHaveTextAsync(otherName);
    }

    /// <summary>The composer's keyboard handling is wired once the room is interactive.</summary>
    internal static Task WaitForComposerAsync(IPage page) =>
        Expect(page.Locator("[data-testid=composer][data-ready=true]")).ToHaveCountAsync(1);

    internal static async Task SendAsync(IPage page, string text)
    {
        var before = await page.GetByTestId("message").CountAsync();
        await WaitForComposerAsync(page);
        var box = page.GetByTestId("composer").Locator("textarea");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
        await Expect(page.GetByTestId("message")).ToHaveCountAsync(before + 1);
        await Expect(page.GetByTestId("message-body").Last).ToHaveTextAsync(text);
    }
}
