using Messaging.E2E.Infrastructure;

namespace Messaging.E2E;

/// <summary>An interview invitation between two browsers: sent, accepted, seen live on both sides, added to a calendar.</summary>
public class InterviewTests(E2EFixture fixture) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await fixture.CapturePagesAsync(TestContext.Current.Test?.TestDisplayName ?? "test");

    [Fact]
    public async Task The_employer_invites_and_the_candidate_accepts_live_with_a_calendar_file()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Nora {suffix}";
        var candidate = await fixture.NewCandidateAsync(candidateName);
        var employer = await fixture.NewEmployerAsync($"Rita {suffix}", "Acme Test");
        await ChatTests.StartConversationAsync(employer, candidateName);
        await ChatTests.SendAsync(employer, "Hello Nora, shall we talk?");

        // The employer invites from the room menu; the first slot is prefilled with tomorrow 10:00.
        await employer.GetByRole(AriaRole.Button, new() { Name = "Conversation actions" }).ClickAsync();
        await employer.GetByTestId("invite-interview").ClickAsync();
        var dialog = employer.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Place or video link").FillAsync("https://meet.example.com/nora");
        await dialog.GetByTestId("send-invitation").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        var employerCard = employer.GetByTestId("interview");
        await Expect(employerCard).ToHaveAttributeAsync("data-status", "Pending");
        await Expect(employerCard.GetByTestId("interview-accept")).ToHaveCountAsync(0);

        // The candidate sees it and accepts the proposed time.
        await candidate.GetByTestId("conversation-item").ClickAsync();
        var candidateCard = candidate.GetByTestId("interview");
        await Expect(candidateCard).ToHaveAttributeAsync("data-status", "Pending");
        await ChatTests.WaitForComposerAsync(candidate);
        await candidateCard.GetByTestId("interview-accept").First.ClickAsync();

        // Both sides see the new state live, with the system note.
        await Expect(candidateCard).ToHaveAttributeAsync("data-status", "Accepted");
        await Expect(employerCard).ToHaveAttributeAsync("data-status", "Accepted");
        await Expect(candidate.GetByTestId("system-message")).ToContainTextAsync("Nora accepted:");
        await Expect(employer.GetByTestId("system-message")).ToContainTextAsync("Nora accepted:");
        await Expect(candidateCard.GetByTestId("interview-accept")).ToHaveCountAsync(0);

        // The calendar link answers with an attachment for a participant.
        var link = employerCard.GetByTestId("interview-ics");
        await Expect(link).ToHaveTextAsync("Add to calendar (.ics)");
        var href = await link.GetAttributeAsync("href");
        var response = await employer.APIRequest.GetAsync(href!);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/calendar", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.StartsWith("attachment", response.Headers["content-disposition"], StringComparison.Ordinal);
        var calendar = await response.TextAsync();
        Assert.Contains("BEGIN:VEVENT", calendar, StringComparison.Ordinal);
        Assert.Contains("LOCATION:https://meet.example.com/nora", calendar, StringComparison.Ordinal);
    }
}
