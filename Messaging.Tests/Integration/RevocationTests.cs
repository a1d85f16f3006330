using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Core.Accounts;
using Messaging.Core.Messages;
using Messaging.Data.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>Suspension and account deletion end every bearer token and hub connection at once, not only new sign-ins.</summary>
public class RevocationTests : AppTestBase
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Suspension_closes_open_connections_and_the_old_token_opens_nothing()
    {
        var (employer, _, conversationId) = await App.StartConversationAsync();
        var token = await App.TokenAsync(employer);
        await using var open = await App.ConnectAsync(token, conversationId);
        var closed = ClosedAsync(open.Hub);

        Assert.True((await Factory.Services.GetRequiredService<IAccountStatus>().SetSuspendedAsync(employer.Id, true, Ct)).IsSuccess);

        await closed.WaitAsync(Wait, Ct);
        await AssertTokenRefusedAsync(token, conversationId);
    }

    [Fact]
    public async Task Account_deletion_closes_open_connections_and_the_old_token_reads_nothing()
    {
        var (_, candidate, conversationId) = await App.StartConversationAsync();
        var token = await App.TokenAsync(candidate);
        await using var open = await App.ConnectAsync(token, conversationId);
        var closed = ClosedAsync(open.Hub);

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<PersonalDataService>().DeleteAccountAsync(candidate.Id, Ct));
        }

        await closed.WaitAsync(Wait, Ct);
        await AssertTokenRefusedAsync(token, conversationId);
    }

    [Fact]
    public async Task A_reinstated_user_signs_in_again_at_once_and_no_refresh_token_is_issued()
    {
        var (employer, _, conversationId) = await App.StartConversationAsync();
        var old = await App.TokenAsync(employer);
        var accounts = Factory.Services.GetRequiredService<IAccountStatus>();
        await accounts.SetSuspendedAsync(employer.Id, true, Ct);
        await AssertTokenRefusedAsync(old, conversationId);
        await accounts.SetSuspendedAsync(employer.Id, false, Ct);

        using var client = Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = employer.Email, password = HubTestApp.Password }, Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var fresh = json.RootElement.GetProperty("accessToken").GetString()!;
        await using var hub = await App.ConnectAsync(fresh, conversationId);

        Assert.Equal(3600, json.RootElement.GetProperty("expiresIn").GetInt64());
        Assert.False(json.RootElement.TryGetProperty("refreshToken", out _));
        Assert.Empty(await hub.Hub.InvokeAsync<List<MessageView>>("History", conversationId, (long?)null, 10, Ct));
        await AssertTokenRefusedAsync(old, conversationId);
    }

    [Fact]
    public async Task A_suspended_users_cookie_stops_working_at_once()
    {
        var candidate = await App.RegisterCandidateAsync();
        var cookie = await App.SignInWithCookieAsync(candidate);
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/conversations", Ct)).StatusCode);

        await Factory.Services.GetRequiredService<IAccountStatus>().SetSuspendedAsync(candidate.Id, true, Ct);
        var response = await client.GetAsync("/conversations", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    private async Task AssertTokenRefusedAsync(string token, Guid conversationId)
    {
        await using var again = App.Build(token);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await again.StartAsync(Ct);
            await again.InvokeAsync<List<MessageView>>("History", conversationId, (long?)null, 10, Ct);
        });

        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        // The token itself is well-formed and unexpired, so the answer is 403 (refused), never the file or a redirect.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/attachments/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    private static Task ClosedAsync(HubConnection hub)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
