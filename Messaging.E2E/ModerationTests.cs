using System.Text.RegularExpressions;
using Messaging.E2E.Infrastructure;

namespace Messaging.E2E;

/// <summary>Moderation as people meet it: a blocked message explained, a report, and an admin acting on it.</summary>
public class ModerationTests(E2EFixture fixture) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await fixture.CapturePagesAsync(TestContext.Current.Test?.TestDisplayName ?? "test");

    [Fact]
    public async Task A_card_number_is_blocked_with_the_reason_and_the_text_stays_in_the_composer()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Quinn {suffix}";
        var candidate = await fixture.NewCandidateAsync(candidateName);
        var employer = await fixture.NewEmployerAsync($"Uma {suffix}", "Umbrella Test");
        await ChatTests.StartConversationAsync(employer, candidateName);
        await ChatTests.SendAsync(employer, "Hello! Could you confirm your availability?");

        await candidate.GetByTestId("conversation-item").ClickAsync();
        await Expect(candidate.GetByTestId("message")).ToHaveCountAsync(1);
        await ChatTests.WaitForComposerAsync(candidate);
        var box = candidate.GetByTestId("composer").Locator("textarea");
        await box.FillAsync("Sure, and my card is 4111 1111 1111 1111 for the deposit");
        await box.PressAsync("Enter");

        await Expect(candidate.GetByTestId("send-error")).ToContainTextAsync("Card numbers");
        await Expect(box).ToHaveValueAsync("Sure, and my card is 4111 1111 1111 1111 for the deposit");
        await Expect(candidate.GetByTestId("message")).ToHaveCountAsync(1);
        await Expect(employer.GetByTestId("message")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_reported_message_is_removed_by_the_admin_and_both_sides_see_the_removal()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Vera {suffix}";
        var candidate = await fixture.NewCandidateAsync(candidateName);
        var employer = await fixture.NewEmployerAsync($"Walt {suffix}", "Wonka Test");
        await ChatTests.StartConversationAsync(employer, candidateName);
        var scam = $"Before the interview please pay a 50 dollar registration fee ({suffix})";
        await ChatTests.SendAsync(employer, scam);

        // The candidate reports the message.
        await candidate.GetByTestId("conversation-item").ClickAsync();
        var bubble = candidate.GetByTestId("message").Filter(new() { HasText = scam });
        await bubble.HoverAsync();
        await bubble.GetByTestId("report-message").ClickAsync();
        await candidate.GetByRole(AriaRole.Radio, new() { Name = "Scam" }).CheckAsync();
        await candidate.GetByTestId("submit-report").ClickAsync();
        await Expect(candidate.GetByText("The moderators will review it")).ToBeVisibleAsync();

        // The admin finds it in the queue, reviews it in context and removes it.
        var admin = await SignInAsAdminAsync();
        await admin.GotoAsync("/admin/flags");
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = suffix });
        await Expect(row).ToContainTextAsync("Scam");
        await admin.WaitForInteractiveAsync();
        await row.GetByTestId("review-flag").ClickAsync();
        await admin.WaitForInteractiveAsync();
        await Expect(admin.GetByTestId("flagged-message")).ToContainTextAsync(scam);
        await admin.Locator("[data-testid=action-reason] textarea, textarea[data-testid=action-reason]").FillAsync("Advance-fee scam");
        await admin.GetByTestId("remove-message").ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/flags$"));

        // Both participants see the removal live, without reloading.
        await Expect(candidate.GetByTestId("message").Last).ToContainTextAsync("Message removed by a moderator");
        await Expect(employer.GetByTestId("message").Last).ToContainTextAsync("Message removed by a moderator");
        await Expect(candidate.GetByText(scam)).ToHaveCountAsync(0);

        // The read and the removal are in the audit log.
        await admin.GotoAsync("/admin/audit");
        await Expect(admin.GetByTestId("audit-action").Filter(new() { HasText = "message.removed" }).First).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("audit-action").Filter(new() { HasText = "conversation.read" }).First).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(E2EFixture.ScreenshotFolder, "admin-audit.png") });
    }

    [Fact]
    public async Task A_new_rule_applies_at_once_and_the_test_box_shows_what_it_does()
    {
        var admin = await SignInAsAdminAsync();
        var word = $"zorbl{Guid.NewGuid().ToString("N")[..4]}";
        await admin.GotoAsync("/admin/rules");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.GetByTestId("rule-name").First).ToBeVisibleAsync();
        await admin.Locator("[data-testid=rule-edit-name] input, input[data-testid=rule-edit-name]").FillAsync($"No {word}");
        await admin.Locator("[data-testid=rule-edit-pattern] input, input[data-testid=rule-edit-pattern]").FillAsync(word);
        await admin.GetByTestId("rule-save").ClickAsync();
        await Expect(admin.GetByTestId("rule-name").Filter(new() { HasText = $"No {word}" })).ToHaveCountAsync(1);

        // Spaced out, in capitals: still caught, because matching runs on the normalised text.
        var spaced = string.Join(' ', word.ToUpperInvariant().ToCharArray());
        await admin.Locator("[data-testid=rule-test-text] textarea, textarea[data-testid=rule-test-text]").FillAsync($"please send {spaced} now");
        await admin.GetByTestId("rule-test").ClickAsync();
        await Expect(admin.GetByTestId("rule-test-result")).ToContainTextAsync("Outcome: Block");
        await Expect(admin.GetByTestId("rule-test-result")).ToContainTextAsync($"No {word}");

        await admin.GotoAsync("/admin");
        await Expect(admin.GetByTestId("open-flags")).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(E2EFixture.ScreenshotFolder, "admin-dashboard.png"), FullPage = true });
    }

    private async Task<IPage> SignInAsAdminAsync()
    {
        var admin = await fixture.NewUserPageAsync();
        await admin.GotoAsync("/Account/Login");
        await admin.GetByLabel("E-mail").FillAsync("admin@demo.local");
        await admin.GetByLabel("Password").FillAsync("Demo!Pass1");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/conversations$"));
        return admin;
    }
}
