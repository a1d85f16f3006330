using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Messaging.E2E.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.E2E;

/// <summary>
/// A browser that dies without unloading (a crash, a closed lid, lost Wi-Fi) while it has a conversation open must
/// delay nobody: the other side keeps sending and receiving within two seconds, in the browser and over the hub.
/// </summary>
public class DeadBrowserTests(E2EFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await fixture.CapturePagesAsync(TestContext.Current.Test?.TestDisplayName ?? "test");

    [Theory]
    [InlineData("killed")]
    [InlineData("frozen")]
    public async Task A_browser_process_that_dies_with_the_room_open_delays_nobody(string death)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Dana {suffix}";
        var (candidate, candidateEmail) = await fixture.RegisterCandidateAsync(candidateName);
        var (employer, employerEmail) = await fixture.RegisterEmployerAsync($"Alice {suffix}", "Acme Test");
        await ChatTests.StartConversationAsync(employer, candidateName);
        await ChatTests.SendAsync(employer, "Before");
        var conversationId = Guid.Parse(employer.Url[(employer.Url.LastIndexOf('/') + 1)..]);

        // The candidate has the conversation open in two browsers; the second is a browser process of its own.
        await candidate.GotoAsync($"/conversations/{conversationId}");
        await ChatTests.WaitForComposerAsync(candidate);
        await using var doomed = await KillableBrowser.LaunchAsync(fixture.Playwright);
        var doomedContext = await doomed.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.App.BaseUrl, TimezoneId = "UTC" });
        await doomedContext.AddCookiesAsync((await candidate.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        var doomedPage = await doomedContext.NewPageAsync();
        await doomedPage.GotoAsync($"/conversations/{conversationId}");
        await ChatTests.WaitForComposerAsync(doomedPage);
        await Expect(doomedPage.GetByTestId("message-body").Last).ToHaveTextAsync("Before");

        // Programs on the hub: the employer sends through it, the candidate listens on it.
        await using var employerHub = await HubClients.ConnectAsync(fixture.App.BaseUrl, employerEmail);
        await using var candidateHub = await HubClients.ConnectAsync(fixture.App.BaseUrl, candidateEmail);
        var heardOnHub = new ConcurrentQueue<string>();
        candidateHub.On<JsonElement>("MessageCreated", e => heardOnHub.Enqueue(e.GetProperty("message").GetProperty("body").GetString() ?? ""));

        if (death == "killed")
        {
            doomed.KillMainProcess();
        }
        else
        {
            doomed.Freeze();
        }

        // Sent from the employer's browser: it leaves the composer, shows as stored, and reaches the candidate's other
        // browser and the candidate's hub connection, each within the limit.
        await SendWithinLimitAsync(employer, "After one");
        await Expect(candidate.GetByTestId("message-body").Last).ToHaveTextAsync("After one", new() { Timeout = (float)Limit.TotalMilliseconds });
        await WaitForAsync(() => heardOnHub.Contains("After one"), "the candidate's hub connection to hear 'After one'");

        // Sent over the hub: answered within the limit, and shown in the candidate's browser within it.
        var watch = Stopwatch.StartNew();
        await employerHub.InvokeAsync<JsonElement>("SendMessage", conversationId, Guid.NewGuid(), "After two").WaitAsync(Limit);
        Assert.True(watch.Elapsed < Limit, $"SendMessage over the hub was answered after {watch.Elapsed}");
        await Expect(candidate.GetByTestId("message-body").Last).ToHaveTextAsync("After two", new() { Timeout = (float)Limit.TotalMilliseconds });

        // And what comes after that is not stuck behind it either.
        await SendWithinLimitAsync(employer, "After three");
        await Expect(candidate.GetByTestId("message-body").Last).ToHaveTextAsync("After three", new() { Timeout = (float)Limit.TotalMilliseconds });
        await WaitForAsync(() => heardOnHub.Contains("After three"), "the candidate's hub connection to hear 'After three'");
        await Expect(candidate.GetByTestId("message-body")).ToHaveTextAsync(["Before", "After one", "After two", "After three"]);
    }

    private static async Task SendWithinLimitAsync(IPage page, string text)
    {
        var box = page.GetByTestId("composer").Locator("textarea");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
        await Expect(box).ToHaveValueAsync("");
        var options = new LocatorAssertionsToHaveTextOptions { Timeout = (float)Limit.TotalMilliseconds };
        await Expect(page.GetByTestId("message-body").Last).ToHaveTextAsync(text, options);
        await Expect(page.GetByTestId("message-pending")).ToHaveCountAsync(0, new() { Timeout = (float)Limit.TotalMilliseconds });
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Limit, $"Waited {watch.Elapsed} for {what}");
            await Task.Delay(20);
        }
    }
}
