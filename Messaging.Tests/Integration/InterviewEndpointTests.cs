using System.Net;
using Messaging.Core.Interviews;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>GET /interviews/{id}.ics: a calendar attachment for the participants, 404 for everyone else.</summary>
public class InterviewEndpointTests : AppTestBase
{
    [Fact]
    public async Task A_participant_downloads_the_calendar_file_and_an_outsider_gets_404()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var outsider = await App.RegisterCandidateAsync();
        var interviews = Factory.Services.GetRequiredService<InterviewService>();
        var start = DateTime.UtcNow.Date.AddDays(3).AddHours(10);
        var invite = await interviews.InviteAsync(employer.Id, conversationId, Guid.NewGuid(), [start], 30, "https://meet.example.com/x", null, TestContext.Current.CancellationToken);
        var id = invite.Value.Interview!.Id;

        // Not accepted yet: nothing to put in a calendar.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(candidate, id)).StatusCode);
        Assert.True((await interviews.AcceptAsync(candidate.Id, id, 0, TestContext.Current.CancellationToken)).IsSuccess);

        foreach (var user in new[] { candidate, employer })
        {
            var response = await GetAsync(user, id);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.EndsWith(".ics", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.StartsWith("BEGIN:VCALENDAR\r\n", body, StringComparison.Ordinal);
            Assert.Contains($"DTSTART:{start:yyyyMMdd}T100000Z\r\n", body, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(outsider, id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(candidate, Guid.NewGuid())).StatusCode);
    }

    [Fact]
    public async Task The_calendar_file_needs_a_signed_in_user()
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/interviews/{Guid.NewGuid()}.ics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task A_program_with_a_bearer_token_gets_the_calendar_file_or_a_status_code()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var interviews = Factory.Services.GetRequiredService<InterviewService>();
        var invite = await interviews.InviteAsync(employer.Id, conversationId, Guid.NewGuid(), [DateTime.UtcNow.Date.AddDays(3).AddHours(10)], 30, "Acme HQ", null, TestContext.Current.CancellationToken);
        var id = invite.Value.Interview!.Id;
        Assert.True((await interviews.AcceptAsync(candidate.Id, id, 0, TestContext.Current.CancellationToken)).IsSuccess);
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        async Task<HttpResponseMessage> GetAsync(string token, Guid invitation)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/interviews/{invitation}.ics");
            request.Headers.Authorization = new("Bearer", token);
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(await App.TokenAsync(candidate), id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(await App.TokenAsync(await App.RegisterCandidateAsync()), id)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("not-a-token", id)).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_accounts_erases_the_interview_note_and_the_decline_reason()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var interviews = Factory.Services.GetRequiredService<InterviewService>();
        var invite = await interviews.InviteAsync(employer.Id, conversationId, Guid.NewGuid(), [DateTime.UtcNow.AddDays(2)], 30, "Acme HQ", "Ask for Erin", TestContext.Current.CancellationToken);
        Assert.True((await interviews.DeclineAsync(candidate.Id, invite.Value.Interview!.Id, "Personal reasons", TestContext.Current.CancellationToken)).IsSuccess);

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var data = scope.ServiceProvider.GetRequiredService<Messaging.Data.Accounts.PersonalDataService>();
            Assert.True(await data.DeleteAccountAsync(employer.Id, TestContext.Current.CancellationToken));
            Assert.True(await data.DeleteAccountAsync(candidate.Id, TestContext.Current.CancellationToken));
        }

        await using var db = Factory.Services.GetRequiredService<Messaging.Core.Common.IMessagingDbFactory>().Create();
        var stored = await db.InterviewInvitations.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Null(stored.Note);
        Assert.Null(stored.DeclineReason);
    }

    private async Task<HttpResponseMessage> GetAsync(Messaging.Data.ApplicationUser user, Guid id)
    {
        var cookie = await App.SignInWithCookieAsync(user);
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/interviews/{id}.ics");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
