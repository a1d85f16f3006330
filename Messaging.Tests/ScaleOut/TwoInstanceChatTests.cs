using Messaging.Core.Messages;
using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Messaging.Tests.Infrastructure;
using Messaging.Tests.Integration;
using Messaging.Web.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Messaging.Tests.ScaleOut;

/// <summary>Two real Messaging.Web processes on one PostgreSQL database and one Redis: users on different instances chat.</summary>
[Collection(ScaleOutProcesses.Name)]
public sealed class TwoInstanceChatTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Messages_typing_and_receipts_cross_instances_exactly_once()
    {
        var redis = $"{TestServers.Redis},channelPrefix=two-instances-{Guid.NewGuid():N}:";
        await using var cluster = await ScaleOutCluster.CreateAsync(redis);
        var a = await cluster.StartInstanceAsync("A");
        var b = await cluster.StartInstanceAsync("B");
        var (employer, candidate, conversationId) = await cluster.StartConversationAsync();

        // Both tokens come from A; the candidate's works on B because the key ring is shared through Redis.
        await using var onA = await ConnectAsync(a, await a.TokenAsync(employer.Email!, ScaleOutCluster.Password), conversationId);
        await using var onB = await ConnectAsync(b, await a.TokenAsync(candidate.Email!, ScaleOutCluster.Password), conversationId);

        var first = await onA.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "Hello from instance A");
        Assert.Equal(first.Id, (await onB.Created.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Message.Id);
        Assert.Equal(first.Id, (await onA.Created.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Message.Id);

        await onB.Hub.InvokeAsync("Typing", conversationId, true);
        var typing = await onA.Typing.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal((candidate.Id, true), (typing.UserId, typing.IsTyping));

        Assert.Equal(1, await onB.Hub.InvokeAsync<long>("MarkDelivered", conversationId, 1L));
        var delivered = await onA.Delivered.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal((candidate.Id, 1L), (delivered.UserId, delivered.Sequence));
        Assert.Equal(1, await onB.Hub.InvokeAsync<long>("MarkRead", conversationId, 1L));
        var read = await onA.Reads.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal((candidate.Id, 1L), (read.UserId, read.Sequence));

        var reply = await onB.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "And hello from instance B");
        Assert.Equal((reply.Id, 2L), Id(await onA.Created.Reader.ReadAsync().AsTask().WaitAsync(Wait)));
        Assert.Equal((reply.Id, 2L), Id(await onB.Created.Reader.ReadAsync().AsTask().WaitAsync(Wait)));

        // Presence is shared: both users are online, whichever instance is asked.
        using var redisConnection = await ConnectionMultiplexer.ConnectAsync(redis);
        var presence = new RedisPresenceTracker(redisConnection, new InProcessChatEventBus(new(NullLogger<LocalEventDispatcher>.Instance)),
            TimeProvider.System, Options.Create(new PresenceOptions()), NullLogger<RedisPresenceTracker>.Instance);
        var statuses = await presence.GetAsync([employer.Id, candidate.Id]);
        Assert.Equal(PresenceStatus.Online, statuses[employer.Id]);
        Assert.Equal(PresenceStatus.Online, statuses[candidate.Id]);

        // Exactly once: a last message from A is the next and only other event each side has.
        var last = await onA.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "Bye");
        Assert.Equal(last.Id, (await onB.Created.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Message.Id);
        Assert.Equal(last.Id, (await onA.Created.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Message.Id);
        await onB.Hub.InvokeAsync<List<MessageView>>("Since", conversationId, 0L, 1); // a round trip on each connection,
        await onA.Hub.InvokeAsync<List<MessageView>>("Since", conversationId, 0L, 1); // so anything pushed before it is in
        Assert.False(onA.Created.Reader.TryRead(out _));
        Assert.False(onB.Created.Reader.TryRead(out _));
        Assert.False(onA.Typing.Reader.TryRead(out _));
        Assert.False(onA.Reads.Reader.TryRead(out _));
        Assert.False(onA.Delivered.Reader.TryRead(out _));
        Assert.Equal(["Hello from instance A", "And hello from instance B", "Bye"],
            (await onB.Hub.InvokeAsync<List<MessageView>>("History", conversationId, (long?)null, 50)).Select(m => m.Body));

        // The candidate leaves B: offline for everyone.
        await onB.Hub.StopAsync();
        var deadline = DateTime.UtcNow + Wait;
        while ((await presence.GetAsync([candidate.Id]))[candidate.Id] != PresenceStatus.Offline)
        {
            Assert.True(DateTime.UtcNow < deadline, "The candidate did not go offline.");
            await Task.Delay(50);
        }
    }

    private static (Guid, long) Id(MessageCreated created) => (created.Message.Id, created.Message.Sequence);

    private static async Task<HubTestApp.ChatClient> ConnectAsync(WebInstance instance, string token, Guid conversationId)
    {
        var client = new HubTestApp.ChatClient(new HubConnectionBuilder()
            .WithUrl(instance.HubUrl, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build());
        await client.Hub.StartAsync(TestContext.Current.CancellationToken);
        // One call: the server ran OnConnectedAsync (joined the user's group) before it answers.
        await client.Hub.InvokeAsync<List<MessageView>>("Since", conversationId, 0L, 1);
        return client;
    }
}
