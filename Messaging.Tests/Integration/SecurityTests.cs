using System.Net;
using Bunit;
using TestContext = Xunit.TestContext;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Web.Components.Chat;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Messaging.Tests.Integration;

/// <summary>Hardening: origin checks against cross-site WebSocket hijacking, security headers, inert user text, connection caps.</summary>
public class SecurityTests : AppTestBase
{

    public override ValueTask InitializeAsync()
    {
        Factory.Settings["Security:MaxHubConnectionsPerUser"] = "2";
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("/_blazor/negotiate?negotiateVersion=1")]
    [InlineData("/hubs/chat/negotiate?negotiateVersion=1")]
    public async Task A_signed_in_users_cookie_cannot_open_a_connection_from_another_site(string path)
    {
        var app = App;
        var cookie = await app.SignInWithCookieAsync(await app.RegisterCandidateAsync());
        using var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Cookie", cookie);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        using var sameSite = new HttpRequestMessage(HttpMethod.Post, path);
        sameSite.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        sameSite.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(sameSite, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        using var client = Factory.CreateClient();

        var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task A_user_over_the_connection_cap_is_refused_another_connection()
    {
        var app = App;
        var candidate = await app.RegisterCandidateAsync();
        var token = await app.TokenAsync(candidate);
        await using var first = app.Build(token);
        await using var second = app.Build(token);
        await using var third = app.Build(token);
        await first.StartAsync(TestContext.Current.CancellationToken);
        await second.StartAsync(TestContext.Current.CancellationToken);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        third.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        try
        {
            await third.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception)
        {
            closed.TrySetResult();
        }

        // The refusal shows as Closed, or as StartAsync failing; if the server's abort lands while the client is still
        // finishing its handshake, the client may end up Disconnected without raising Closed: any of the three counts.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (!closed.Task.IsCompleted && third.State != HubConnectionState.Disconnected)
        {
            await Task.Delay(20, timeout.Token);
        }

        Assert.NotEqual(HubConnectionState.Connected, third.State);
        Assert.Equal(HubConnectionState.Connected, first.State);
    }

    [Fact]
    public async Task Script_and_markup_in_a_message_are_rendered_as_inert_text()
    {
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddScoped<Messaging.Web.Circuits.BrowserScripts>();
        const string hostile = "<script>alert('x')</script><img src=x onerror=alert(1)><b>bold</b>";
        var message = new MessageView(Guid.NewGuid(), Guid.NewGuid(), 1, "other", Guid.NewGuid(), MessageType.Text, hostile, DateTime.UtcNow, null, false, false, null, ModerationOutcome.Allow);

        var cut = context.Render<MessageBubble>(p => p.Add(b => b.Message, message));

        var body = cut.Find("[data-testid=message-body]");
        Assert.Equal(hostile, body.TextContent);
        Assert.Empty(body.Children);
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.DoesNotContain("<script>", cut.Markup, StringComparison.Ordinal);
    }
}
