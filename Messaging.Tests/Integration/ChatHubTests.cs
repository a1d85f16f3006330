using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>The public hub through the real SignalR client, signed in with tokens from POST /api/auth/token.</summary>
public sealed class ChatHubTests(MessagingAppFactory factory) : IClassFixture<MessagingAppFactory>
{
    private const string Password = HubTestApp.Password;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly HubTestApp _app = new(factory);

    [Fact]
    public async Task Two_participants_chat_live_with_receipts_typing_history_and_idempotent_retries()
    {
        var (employer, candidate, conversationId) = await _app.StartConversationAsync();
        await using var a = await _app.ConnectAsync(await _app.TokenAsync(employer), conversationId);
        await using var b = await _app.ConnectAsync(await _app.TokenAsync(candidate), conversationId);

        var clientId = Guid.NewGuid();
        var sent = await a.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, clientId, "Hello, are you free on Monday?");
        var received = await b.Created.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(sent.Id, received.Message.Id);
        Assert.Equal(1, received.Message.Sequence);
        Assert.Equal("Hello, are you free on Monday?", received.Message.Body);
        Assert.Equal(employer.Id, received.Message.SenderId);
        Assert.Equal(conversationId, received.Conversation.Id);

        Assert.Equal(1, await b.Hub.InvokeAsync<long>("MarkRead", conversationId, 1L));
        var read = await a.Reads.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal((candidate.Id, 1L), (read.UserId, read.Sequence));

        await b.Hub.InvokeAsync("Typing", conversationId, true);
        var typing = await ReadUntilAsync(a.Typing, t => t.UserId == candidate.Id);
        Assert.True(typing.IsTyping);

        // A retry returns the stored message and broadcasts nothing: the next event B sees is the follow-up.
        var retried = await a.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, clientId, "Hello, are you free on Monday?");
        Assert.Equal(sent.Id, retried.Id);
        var followUp = await a.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "Say 10am?");
        var next = await b.Created.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(followUp.Id, next.Message.Id);
        Assert.Equal(2, next.Message.Sequence);

        Assert.Equal(2, await b.Hub.InvokeAsync<long>("MarkDelivered", conversationId, 2L));
        var delivered = await a.Delivered.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal((candidate.Id, 2L), (delivered.UserId, delivered.Sequence));

        var history = await b.Hub.InvokeAsync<List<MessageView>>("History", conversationId, (long?)null, 50);
        Assert.Equal(["Hello, are you free on Monday?", "Say 10am?"], history.Select(m => m.Body));
        Assert.Equal([1L, 2L], history.Select(m => m.Sequence));
        var older = await b.Hub.InvokeAsync<List<MessageView>>("History", conversationId, (long?)2, 50);
        Assert.Equal([sent.Id], older.Select(m => m.Id));
        var missed = await b.Hub.InvokeAsync<List<MessageView>>("Since", conversationId, 1L, 50);
        Assert.Equal([followUp.Id], missed.Select(m => m.Id));
    }

    [Fact]
    public async Task A_user_outside_the_conversation_is_refused_on_every_method_and_nothing_is_stored()
    {
        var (employer, candidate, conversationId) = await _app.StartConversationAsync();
        var outsider = await _app.RegisterCandidateAsync();
        await using var a = await _app.ConnectAsync(await _app.TokenAsync(employer), conversationId);
        await using var b = await _app.ConnectAsync(await _app.TokenAsync(candidate), conversationId);
        await using var c = await _app.ConnectAsync(await _app.TokenAsync(outsider), conversationId: null);
        await a.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "For the candidate only");

        Func<Task>[] calls =
        [
            () => c.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "Let me in"),
            () => c.Hub.InvokeAsync<List<MessageView>>("History", conversationId, (long?)null, 50),
            () => c.Hub.InvokeAsync<List<MessageView>>("Since", conversationId, 0L, 50),
            () => c.Hub.InvokeAsync<long>("MarkRead", conversationId, 1L),
            () => c.Hub.InvokeAsync<long>("MarkDelivered", conversationId, 1L),
            () => c.Hub.InvokeAsync("Typing", conversationId, true),
            // A conversation that does not exist gets the same answer: existence is not revealed.
            () => c.Hub.InvokeAsync<List<MessageView>>("History", Guid.NewGuid(), (long?)null, 50),
        ];
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<HubException>(call);
            Assert.Contains("You are not a participant in this conversation.", error.Message, StringComparison.Ordinal);
        }

        var history = await a.Hub.InvokeAsync<List<MessageView>>("History", conversationId, (long?)null, 50);
        Assert.Equal(["For the candidate only"], history.Select(m => m.Body));
        var details = (await factory.Services.GetRequiredService<ConversationQueries>().GetAsync(employer.Id, conversationId)).Value;
        Assert.Equal((1L, 0L, 0L), (details.LastSequence, details.OtherReadSequence, details.OtherDeliveredSequence));

        // Nothing from the outsider reached the participants either: B's next event is A's next message.
        var mine = await a.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "Still just us");
        Assert.Equal(1, (await b.Created.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Message.Sequence);
        Assert.Equal(mine.Id, (await b.Created.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Message.Id);
        Assert.False(b.Typing.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Invalid_arguments_are_refused_with_a_clear_message()
    {
        var (employer, _, conversationId) = await _app.StartConversationAsync();
        await using var a = await _app.ConnectAsync(await _app.TokenAsync(employer), conversationId);

        await AssertRefusedAsync("A conversation id is required.", () => a.Hub.InvokeAsync<MessageView>("SendMessage", Guid.Empty, Guid.NewGuid(), "Hi"));
        await AssertRefusedAsync("A client message id is required", () => a.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.Empty, "Hi"));
        await AssertRefusedAsync("The message text is required.", () => a.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), null));
        await AssertRefusedAsync("Write a message before sending.", () => a.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "   "));
        await AssertRefusedAsync("limit must be between 1 and 200.", () => a.Hub.InvokeAsync<List<MessageView>>("History", conversationId, (long?)null, 0));
        await AssertRefusedAsync("limit must be between 1 and 200.", () => a.Hub.InvokeAsync<List<MessageView>>("Since", conversationId, 0L, 201));
        await AssertRefusedAsync("afterSequence cannot be negative.", () => a.Hub.InvokeAsync<List<MessageView>>("Since", conversationId, -1L, 10));
        await AssertRefusedAsync("beforeSequence must be at least 1", () => a.Hub.InvokeAsync<List<MessageView>>("History", conversationId, (long?)0, 10));
        await AssertRefusedAsync("A conversation id is required.", () => a.Hub.InvokeAsync("Typing", Guid.Empty, true));

        Assert.Empty(await a.Hub.InvokeAsync<List<MessageView>>("History", conversationId, (long?)null, 10));
    }

    [Fact]
    public async Task A_hub_message_over_32_KB_closes_the_connection_and_stores_nothing()
    {
        var (employer, _, conversationId) = await _app.StartConversationAsync();
        await using var a = await _app.ConnectAsync(await _app.TokenAsync(employer), conversationId);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Hub.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        // Under the hub limit, the service answers (and the connection stays); over it, the server hangs up.
        await AssertRefusedAsync("Messages can be at most 2,000 characters", () => a.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), new string('x', 30 * 1024)));
        var send = a.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), new string('x', 33 * 1024));

        await Assert.ThrowsAnyAsync<Exception>(() => send.WaitAsync(Wait));
        Assert.Contains("closed the connection", (await closed.Task.WaitAsync(Wait))?.Message, StringComparison.Ordinal);
        await using var again = await _app.ConnectAsync(await _app.TokenAsync(employer), conversationId);
        Assert.Empty(await again.Hub.InvokeAsync<List<MessageView>>("History", conversationId, (long?)null, 10));
    }

    [Fact]
    public async Task An_anonymous_connection_or_a_forged_token_is_refused()
    {
        await using var anonymous = _app.Build(token: null);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);

        await using var forged = _app.Build(token: "not-a-token");
        error = await Assert.ThrowsAsync<HttpRequestException>(() => forged.StartAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_cookie_of_the_app_also_opens_the_hub()
    {
        var (employer, _, conversationId) = await _app.StartConversationAsync();
        var cookie = await _app.SignInWithCookieAsync(employer);

        await using var hub = _app.Build(token: null, cookie);
        await hub.StartAsync(TestContext.Current.CancellationToken);

        var sent = await hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "Sent from the browser session");
        Assert.Equal(employer.Id, sent.SenderId);
    }

    [Fact]
    public async Task The_token_endpoint_refuses_a_wrong_password_and_issues_a_working_token()
    {
        var (employer, _, conversationId) = await _app.StartConversationAsync();
        using var client = factory.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/auth/token", new { email = employer.Email, password = "Wr0ng!password" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);

        var unknown = await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@example.com", password = Password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        var token = await _app.TokenAsync(employer);
        await using var hub = await _app.ConnectAsync(token, conversationId);
        var sent = await hub.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "Signed in with a token");
        Assert.Equal(1, sent.Sequence);
    }

    [Fact]
    public async Task The_token_endpoint_refuses_a_suspended_account()
    {
        var candidate = await _app.RegisterCandidateAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(candidate.Id))!;
            user.SuspendedAt = DateTime.UtcNow;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        using var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = candidate.Email, password = Password }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("accessToken", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static async Task AssertRefusedAsync(string expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static async Task<T> ReadUntilAsync<T>(Channel<T> channel, Func<T, bool> match)
    {
        while (true)
        {
            var item = await channel.Reader.ReadAsync().AsTask().WaitAsync(Wait);
            if (match(item))
            {
                return item;
            }
        }
    }
}
