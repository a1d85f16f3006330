using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Messaging.Data;
using Messaging.Data.Accounts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>Accounts, tokens and hub connections against the app in a <see cref="MessagingAppFactory"/>.</summary>
public sealed class HubTestApp(MessagingAppFactory factory)
{
    public const string Password = "Passw0rd!chat";

    public async Task<(ApplicationUser Employer, ApplicationUser Candidate, Guid ConversationId)> StartConversationAsync()
    {
        ApplicationUser employer;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var (result, user) = await scope.ServiceProvider.GetRequiredService<AccountService>()
                .RegisterEmployerAsync($"employer-{Guid.NewGuid():N}@example.com", Password, "Erin Employer", "Acme");
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
            employer = user;
        }

        var candidate = await RegisterCandidateAsync();
        var started = await factory.Services.GetRequiredService<ConversationService>().StartAsync(employer.Id, candidate.Id, jobId: null);
        Assert.True(started.IsSuccess, started.Error?.Message);
        return (employer, candidate, started.Value);
    }

    public async Task<ApplicationUser> RegisterCandidateAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<AccountService>()
            .RegisterCandidateAsync($"candidate-{Guid.NewGuid():N}@example.com", Password, "Cara Candidate", headline: null);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user;
    }

    public async Task<string> TokenAsync(ApplicationUser user)
    {
        using var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = user.Email, password = Password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Bearer", json.RootElement.GetProperty("tokenType").GetString());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Signs in through the real sign-in form (with its antiforgery token) and returns the auth cookie.</summary>
    public async Task<string> SignInWithCookieAsync(ApplicationUser user)
    {
        var signedIn = await SignInAsync(user, returnUrl: null);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("messaging.auth=", StringComparison.Ordinal));
    }

    /// <summary>Posts the real sign-in form (with its antiforgery token), optionally with a return URL, and returns the answer unfollowed.</summary>
    public async Task<HttpResponseMessage> SignInAsync(ApplicationUser user, string? returnUrl)
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var query = returnUrl is null ? "" : $"?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var page = await client.GetAsync($"/Account/Login{query}", TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var antiforgery = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"|name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(antiforgery.Success, "The sign-in form has an antiforgery token.");

        using var post = new HttpRequestMessage(HttpMethod.Post, $"/Account/Login{query}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Success ? antiforgery.Groups[1].Value : antiforgery.Groups[2].Value),
                ["Input.Email"] = user.Email!,
                ["Input.Password"] = Password,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var response = await client.SendAsync(post, TestContext.Current.CancellationToken);
        await response.Content.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
        return response;
    }

    /// <summary>A connection over long polling (TestServer has no WebSockets), signed in by a token, a cookie or neither.</summary>
    public HubConnection Build(string? token, string? cookie = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "hubs/chat"), options =>
            {
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }

                if (cookie is not null)
                {
                    options.Headers["Cookie"] = cookie;
                }
            })
            .Build();

    /// <summary>
    /// Connects and makes one call: the server runs OnConnectedAsync (joining the user's group) before it handles
    /// any invocation, so after the call returns, pushed events are sure to reach this connection.
    /// </summary>
    public async Task<ChatClient> ConnectAsync(string token, Guid? conversationId)
    {
        var client = new ChatClient(Build(token));
        await client.Hub.StartAsync(TestContext.Current.CancellationToken);
        if (conversationId is { } id)
        {
            await client.Hub.InvokeAsync<List<MessageView>>("Since", id, 0L, 1);
        }
        else
        {
            await Assert.ThrowsAsync<HubException>(() => client.Hub.InvokeAsync<List<MessageView>>("Since", Guid.NewGuid(), 0L, 1));
        }

        return client;
    }

    /// <summary>A hub connection whose pushed events are queued per kind, to be awaited in order.</summary>
    public sealed class ChatClient : IAsyncDisposable
    {
        public ChatClient(HubConnection hub)
        {
            Hub = hub;
            hub.On<MessageCreated>("MessageCreated", e => Created.Writer.TryWrite(e));
            hub.On<ReadUpTo>("ReadUpTo", e => Reads.Writer.TryWrite(e));
            hub.On<DeliveredUpTo>("DeliveredUpTo", e => Delivered.Writer.TryWrite(e));
            hub.On<TypingChanged>("Typing", e => Typing.Writer.TryWrite(e));
            hub.On<MessageUpdated>("MessageUpdated", e => Updated.Writer.TryWrite(e));
        }

        public HubConnection Hub { get; }

        public Channel<MessageCreated> Created { get; } = Channel.CreateUnbounded<MessageCreated>();

        public Channel<ReadUpTo> Reads { get; } = Channel.CreateUnbounded<ReadUpTo>();

        public Channel<DeliveredUpTo> Delivered { get; } = Channel.CreateUnbounded<DeliveredUpTo>();

        public Channel<TypingChanged> Typing { get; } = Channel.CreateUnbounded<TypingChanged>();

        public Channel<MessageUpdated> Updated { get; } = Channel.CreateUnbounded<MessageUpdated>();

        public ValueTask DisposeAsync() => Hub.DisposeAsync();
    }
}
