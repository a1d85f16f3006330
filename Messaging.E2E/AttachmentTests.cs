using System.Text;
using Messaging.E2E.Infrastructure;
using Microsoft.Playwright;
using static Messaging.E2E.ChatTests;

namespace Messaging.E2E;

/// <summary>Files in the chat: one side attaches a PDF, the other sees it live and downloads the same bytes.</summary>
public class AttachmentTests(E2EFixture fixture) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await fixture.CapturePagesAsync(TestContext.Current.Test?.TestDisplayName ?? "test");

    [Fact]
    public async Task An_employer_attaches_a_pdf_and_the_candidate_sees_and_downloads_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Pia {suffix}";
        var candidate = await fixture.NewCandidateAsync(candidateName);
        var employer = await fixture.NewEmployerAsync($"Tom {suffix}", "Initech Test");
        await StartConversationAsync(employer, candidateName);
        await SendAsync(employer, "Here is the offer");
        await candidate.GetByTestId("conversation-item").ClickAsync();
        await Expect(candidate.GetByTestId("message-body").Last).ToHaveTextAsync("Here is the offer");

        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        await WaitForComposerAsync(employer);
        await employer.GetByTestId("attach-input").SetInputFilesAsync(new FilePayload { Name = "Offer letter.pdf", MimeType = "application/pdf", Buffer = pdf });

        await Expect(employer.GetByTestId("attachment-name")).ToHaveTextAsync("Offer letter.pdf");
        var link = candidate.GetByTestId("attachment-download");
        await Expect(candidate.GetByTestId("attachment-name")).ToHaveTextAsync("Offer letter.pdf");
        await Expect(link).ToContainTextAsync("bytes");

        var download = await candidate.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal("Offer letter.pdf", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"e2e-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(saved);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(saved, TestContext.Current.CancellationToken));
        File.Delete(saved);

        // A program dressed up as a PDF is refused with the reason, under the composer.
        await employer.GetByTestId("attach-input").SetInputFilesAsync(new FilePayload { Name = "invoice.pdf", MimeType = "application/pdf", Buffer = [0x4D, 0x5A, 0x90, 0, 3, 0] });
        await Expect(employer.GetByTestId("send-error")).ToContainTextAsync("this file looks like a Windows program");
        await Expect(candidate.GetByTestId("attachment")).ToHaveCountAsync(1);
    }
}
