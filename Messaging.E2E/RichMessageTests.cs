using Messaging.E2E.Infrastructure;

namespace Messaging.E2E;

/// <summary>Replies, reactions, edits and deletes between two browsers: each seen live on the other side and after a reload.</summary>
public class RichMessageTests(E2EFixture fixture) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await fixture.CapturePagesAsync(TestContext.Current.Test?.TestDisplayName ?? "test");

    [Fact]
    public async Task Reply_react_edit_and_delete_show_live_on_the_other_side_and_after_a_reload()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Nora {suffix}";
        var employerName = $"Rita {suffix}";
        var candidate = await fixture.NewCandidateAsync(candidateName);
        var employer = await fixture.NewEmployerAsync(employerName, "Acme Test");
        await ChatTests.StartConversationAsync(employer, candidateName);
        await ChatTests.SendAsync(employer, "Are you free on Thursday?");
        await candidate.GetByTestId("conversation-item").ClickAsync();
        await Expect(candidate.GetByTestId("message-body").Last).ToHaveTextAsync("Are you free on Thursday?");

        // Reply: the candidate answers the question; the employer sees the quote and the thread count.
        await OpenActionsAsync(candidate, candidate.GetByTestId("message").Last);
        await candidate.GetByTestId("action-reply").ClickAsync();
        await Expect(candidate.GetByTestId("replying-to")).ToContainTextAsync("Are you free on Thursday?");
        await ChatTests.SendAsync(candidate, "Thursday works");
        await Expect(candidate.GetByTestId("replying-to")).ToHaveCountAsync(0);
        var reply = employer.GetByTestId("message").Last;
        await Expect(reply.GetByTestId("reply-quote")).ToContainTextAsync("Are you free on Thursday?");
        await Expect(employer.GetByTestId("thread-link")).ToHaveTextAsync("1 reply");
        await employer.GetByTestId("thread-link").ClickAsync();
        await Expect(employer.GetByTestId("thread-reply")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Thursday works"));
        await employer.GetByTestId("thread-close").ClickAsync();
        await Expect(employer.GetByTestId("thread-reply")).ToHaveCountAsync(0);

        // React: the employer gives the reply a thumbs-up; the candidate sees the count and who.
        await reply.HoverAsync();
        await reply.GetByRole(AriaRole.Button, new() { Name = "React" }).ClickAsync();
        await employer.Locator("[data-testid=react-option][data-emoji='👍']").ClickAsync();
        var chip = candidate.GetByTestId("message").Last.GetByTestId("reaction");
        await Expect(chip).ToContainTextAsync("👍 1");
        await Expect(chip).ToHaveAttributeAsync("title", employerName);

        // Edit: the candidate corrects the reply inline; the employer sees the new text marked as edited.
        await OpenActionsAsync(candidate, candidate.GetByTestId("message").Last);
        await candidate.GetByTestId("action-edit").ClickAsync();
        var editor = candidate.GetByTestId("message-editor").Locator("textarea, input").First;
        await editor.FillAsync("Thursday works, after 10am");
        await candidate.GetByTestId("edit-save").ClickAsync();
        await Expect(candidate.GetByTestId("message-editor")).ToHaveCountAsync(0);
        await Expect(employer.GetByTestId("message-body").Last).ToHaveTextAsync("Thursday works, after 10am");
        await Expect(employer.GetByTestId("message").Last.GetByTestId("message-edited")).ToHaveCountAsync(1);

        // Delete: the employer deletes the question; the candidate sees it deleted, and so does the quote.
        await OpenActionsAsync(employer, employer.GetByTestId("message").First);
        await employer.GetByTestId("action-delete").ClickAsync();
        await employer.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(candidate.GetByTestId("message").First.GetByTestId("message-deleted")).ToHaveTextAsync("Message deleted");
        await Expect(candidate.GetByTestId("message").Last.GetByTestId("reply-quote")).ToContainTextAsync("Message deleted");

        // After a reload both sides still see all of it.
        foreach (var page in new[] { candidate, employer })
        {
            await page.ReloadAsync();
            await page.WaitForCircuitAsync();
            await Expect(page.GetByTestId("message")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("message").First.GetByTestId("message-deleted")).ToHaveCountAsync(1);
            var last = page.GetByTestId("message").Last;
            await Expect(last.GetByTestId("message-body")).ToHaveTextAsync("Thursday works, after 10am");
            await Expect(last.GetByTestId("message-edited")).ToHaveCountAsync(1);
            await Expect(last.GetByTestId("reaction")).ToContainTextAsync("👍 1");
            await Expect(last.GetByTestId("reply-quote")).ToContainTextAsync("Message deleted");
        }
    }

    [Fact]
    public async Task Search_in_a_conversation_finds_whole_words_highlights_the_matches_and_explains_none()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Ines {suffix}";
        var candidate = await fixture.NewCandidateAsync(candidateName);
        var employer = await fixture.NewEmployerAsync($"Hugo {suffix}", "Acme Test");
        await ChatTests.StartConversationAsync(employer, candidateName);
        await ChatTests.SendAsync(employer, "The salary band is on the job page");
        await ChatTests.SendAsync(employer, "Are you free on Thursday?");
        await ChatTests.SendAsync(employer, "Salary reviews happen every spring");
        await candidate.GetByTestId("conversation-item").ClickAsync();
        await Expect(candidate.GetByTestId("message")).ToHaveCountAsync(3);

        await candidate.GetByTestId("open-room-search").ClickAsync();
        var input = candidate.GetByTestId("room-search-input"); // MudTextField puts the attribute on its input
        await input.FillAsync("salary");
        await input.PressAsync("Enter");

        // Newest first; both messages are highlighted in the timeline, the other one is not.
        await Expect(candidate.GetByTestId("room-search-result")).ToHaveCountAsync(2);
        await Expect(candidate.GetByTestId("room-search-result").First).ToContainTextAsync("Salary reviews happen every spring");
        await Expect(candidate.GetByTestId("room-search-count")).ToHaveTextAsync("2 found");
        await Expect(candidate.Locator("[data-testid=message].highlighted")).ToHaveCountAsync(2);
        await Expect(candidate.GetByTestId("room-search-older")).ToHaveCountAsync(0);

        await input.FillAsync("sal");
        await input.PressAsync("Enter");
        await Expect(candidate.GetByTestId("room-search-empty")).ToHaveTextAsync("No messages with those words.");
        await Expect(candidate.Locator("[data-testid=message].highlighted")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_message_menu_opened_from_the_keyboard_takes_the_focus_closes_on_Escape_and_gives_the_focus_back()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Lea {suffix}";
        var candidate = await fixture.NewCandidateAsync(candidateName);
        var employer = await fixture.NewEmployerAsync($"Otto {suffix}", "Acme Test");
        await ChatTests.StartConversationAsync(employer, candidateName);
        await ChatTests.SendAsync(employer, "Shall we talk tomorrow?");
        await candidate.GetByTestId("conversation-item").ClickAsync();
        var message = candidate.GetByTestId("message").Last;
        await Expect(message.GetByTestId("message-body")).ToHaveTextAsync("Shall we talk tomorrow?");

        // The button is plain markup with no handler of its own (the bubble's one handler hears it); the menu
        // replaces it while open and takes the focus, so Escape closes it; then the button gets the focus back.
        var react = message.GetByRole(AriaRole.Button, new() { Name = "React" });
        await react.FocusAsync();
        await candidate.Keyboard.PressAsync("Enter");
        await Expect(candidate.GetByTestId("react-option").First).ToBeFocusedAsync();
        await candidate.Keyboard.PressAsync("Escape");
        await Expect(candidate.GetByTestId("react-option")).ToHaveCountAsync(0);
        await Expect(react).ToBeFocusedAsync();

        // The same after choosing from it.
        await candidate.Keyboard.PressAsync("Enter");
        await candidate.Locator("[data-testid=react-option][data-emoji='👍']").ClickAsync();
        await Expect(message.GetByTestId("reaction")).ToContainTextAsync("👍 1");
        await Expect(candidate.GetByTestId("react-option")).ToHaveCountAsync(0);
        await Expect(react).ToBeFocusedAsync();
    }

    private static async Task OpenActionsAsync(IPage page, ILocator message)
    {
        await message.HoverAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "Message actions" }).ClickAsync();
    }
}
