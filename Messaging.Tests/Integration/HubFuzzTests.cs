using System.Net;
using Messaging.Core.Messages;
using Messaging.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>
/// Malformed, oversized and hostile arguments thrown at every hub method: each gets an error, the server stays
/// up, and nothing is stored. The inputs come from a seeded generator, so a failure can be replayed.
/// </summary>
public class HubFuzzTests : AppTestBase
{

    [Fact]
    public async Task Hostile_payloads_get_errors_the_server_stays_up_and_nothing_is_stored()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var outsider = await App.RegisterCandidateAsync();
        var random = new Random(20261124);
        var outsiderToken = await App.TokenAsync(outsider);
        var participantToken = await App.TokenAsync(candidate);
        var methods = new[] { "SendMessage", "History", "Since", "MarkRead", "MarkDelivered", "Typing" };
        var refused = 0;

        for (var round = 0; round < 60; round++)
        {
            // Odd rounds: a participant sending nonsense to their own conversation; even: an outsider.
            var token = round % 2 == 0 ? outsiderToken : participantToken;
            await using var hub = App.Build(token);
            await hub.StartAsync(TestContext.Current.CancellationToken);
            foreach (var method in methods)
            {
                var args = HostileArguments(random, method, round % 2 == 0 ? conversationId : Guid.NewGuid());
                try
                {
                    await hub.InvokeCoreAsync<object?>(method, args, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
                    Assert.Fail($"{method}({string.Join(", ", args.Select(a => a?.ToString()?[..Math.Min(40, a.ToString()!.Length)]))}) should have been refused");
                }
                catch (HubException)
                {
                    refused++;
                }
                catch (InvalidOperationException) when (hub.State != HubConnectionState.Connected)
                {
                    // An oversized payload closes the connection, which is a refusal too.
                    refused++;
                    break;
                }
            }
        }

        Assert.True(refused >= 60, $"only {refused} refusals");
        using var client = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        Assert.Equal(0, await db.Messages.CountAsync(TestContext.Current.CancellationToken));
        var conversation = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversationId, TestContext.Current.CancellationToken);
        Assert.Equal(0, conversation.LastSequence);
        Assert.Equal(0, conversation.EmployerReadSequence);

        // And the hub still works for honest use afterwards.
        await using var honest = App.Build(participantToken);
        await honest.StartAsync(TestContext.Current.CancellationToken);
        var sent = await honest.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "still here", TestContext.Current.CancellationToken);
        Assert.Equal(1, sent.Sequence);
        _ = employer;
    }

    private static object?[] HostileArguments(Random random, string method, Guid conversationId)
    {
        object? Text() => random.Next(7) switch
        {
            0 => null,
            1 => "",
            2 => new string(' ', random.Next(1, 50)),
            3 => new string('x', Message.MaxLength + 1 + random.Next(5000)),
            4 => "\u0000\u0001\u202e<script>alert(1)</script>" + new string('\uFFFF', 3),
            5 => new string((char)random.Next(0xD800, 0xDBFF), 3),
            _ => string.Concat(Enumerable.Repeat("💥", Message.MaxLength)),
        };
        object Id() => random.Next(3) switch { 0 => Guid.Empty, 1 => Guid.NewGuid(), _ => conversationId };
        object Sequence() => random.Next(4) switch { 0 => long.MinValue, 1 => -1L, 2 => long.MaxValue, _ => 0L };

        return method switch
        {
            // Participants' rounds pass a random conversation (never theirs), outsiders theirs-not: all must fail.
            "SendMessage" => random.Next(3) == 0 ? [Id(), Guid.Empty, "hello"] : [Id(), Guid.NewGuid(), Text()],
            "History" => [Id(), Sequence(), random.Next(2) == 0 ? int.MaxValue : -5],
            "Since" => [Id(), Sequence(), random.Next(2) == 0 ? int.MinValue : 0],
            "MarkRead" => [Id(), Sequence()],
            "MarkDelivered" => [Id(), Sequence()],
            _ => [Id(), random.Next(2) == 0],
        };
    }
}
