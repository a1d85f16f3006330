using System.Diagnostics;
using System.Threading.Channels;
using Messaging.Core.Accounts;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>Typing and reactions over the hub: flood limits, and blocks and suspensions honoured as for sends.</summary>
public class TypingAndReactionLimitTests : AppTestBase
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_typing_flood_reaches_the_other_side_as_at_most_two_events_a_second()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        await using var typist = await App.ConnectAsync(await App.TokenAsync(employer), conversationId);
        await using var reader = await App.ConnectAsync(await App.TokenAsync(candidate), conversationId);

        var flood = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
        {
            await typist.Hub.SendAsync("Typing", conversationId, i % 2 == 0, Ct);
        }

        // Invocations of one connection run in order: once this returns, the flood has been handled.
        await typist.Hub.InvokeAsync("Typing", conversationId, true, Ct);
        var seconds = flood.Elapsed.TotalSeconds;
        await Task.Delay(300, Ct); // what was relayed has arrived

        var relayed = Drain(reader.Typing).Count(t => t.UserId == employer.Id);
        Assert.InRange(relayed, 1, 2 * (int)Math.Ceiling(seconds) + 2);
    }

    [Fact]
    public async Task Reactions_are_limited_per_user_with_a_clear_error()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        await using var hub = await App.ConnectAsync(await App.TokenAsync(candidate), conversationId);
        var message = await Factory.Services.GetRequiredService<MessageService>().SendAsync(employer.Id, conversationId, Guid.NewGuid(), "Shall we talk on Monday?", Ct);

        for (var i = 0; i < 10; i++)
        {
            await hub.Hub.InvokeAsync<MessageView>("React", message.Value.Id, "👍", Ct);
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.Hub.InvokeAsync<MessageView>("React", message.Value.Id, "👍", Ct));
        Assert.Contains("You're reacting too fast", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_conversation_relays_no_typing_and_takes_no_reaction()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var message = await Factory.Services.GetRequiredService<MessageService>().SendAsync(candidate.Id, conversationId, Guid.NewGuid(), "Thanks, I'm not interested.", Ct);
        await using var blocked = await App.ConnectAsync(await App.TokenAsync(employer), conversationId);
        await using var blocker = await App.ConnectAsync(await App.TokenAsync(candidate), conversationId);
        Assert.True((await Factory.Services.GetRequiredService<ConversationService>().SetBlockedAsync(candidate.Id, conversationId, true, Ct)).IsSuccess);

        var typing = await Assert.ThrowsAsync<HubException>(() => blocked.Hub.InvokeAsync("Typing", conversationId, true, Ct));
        var reaction = await Assert.ThrowsAsync<HubException>(() => blocked.Hub.InvokeAsync<MessageView>("React", message.Value.Id, "👍", Ct));
        await Task.Delay(300, Ct);

        Assert.Contains("blocked", typing.Message, StringComparison.Ordinal);
        Assert.Contains("blocked", reaction.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Drain(blocker.Typing), t => t.UserId == employer.Id);
        Assert.DoesNotContain(Drain(blocker.Updated), u => u.Message.Reactions.Count > 0);
    }

    [Fact]
    public async Task A_suspended_user_can_neither_type_nor_react()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var message = await Factory.Services.GetRequiredService<MessageService>().SendAsync(candidate.Id, conversationId, Guid.NewGuid(), "Hello!", Ct);
        await using var suspended = await App.ConnectAsync(await App.TokenAsync(employer), conversationId);
        await using var other = await App.ConnectAsync(await App.TokenAsync(candidate), conversationId);
        Assert.True((await Factory.Services.GetRequiredService<IAccountStatus>().SetSuspendedAsync(employer.Id, true, Ct)).IsSuccess);

        // Refused by the service, or by the connection being closed: either way nothing reaches the other side.
        await Assert.ThrowsAnyAsync<Exception>(() => suspended.Hub.InvokeAsync("Typing", conversationId, true, Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => suspended.Hub.InvokeAsync<MessageView>("React", message.Value.Id, "👍", Ct));
        await Task.Delay(300, Ct);

        Assert.DoesNotContain(Drain(other.Typing), t => t.UserId == employer.Id);
        Assert.DoesNotContain(Drain(other.Updated), u => u.Message.Reactions.Count > 0);
    }

    private static List<T> Drain<T>(Channel<T> channel)
    {
        var items = new List<T>();
        while (channel.Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
