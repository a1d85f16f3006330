using System.Collections.Concurrent;
using System.Diagnostics;
using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.Tests.ScaleOut;

/// <summary>
/// 1,000 hub clients on instance A; A dies; all of them reconnect to instance B at the same moment with the
/// tokens A issued (Data Protection keys are shared in Redis), catch up to exactly the stored history, and
/// get new messages live, each exactly once.
/// </summary>
[Collection(ScaleOutProcesses.Name)]
public sealed class ReconnectStormTests(ITestOutputHelper output)
{
    private const int Conversations = 10;
    private const int ConnectionsPerUser = 50;

    [Fact]
    public async Task A_thousand_clients_reconnect_at_once_to_the_surviving_instance_and_miss_nothing()
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(150));
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await ScaleOutCluster.CreateAsync(redis.Endpoint);
        var extra = new Dictionary<string, string> { ["Security__MaxHubConnectionsPerUser"] = "100" };
        var a = await cluster.StartInstanceAsync("A", extra);
        var b = await cluster.StartInstanceAsync("B", extra);

        var users = new List<(string UserId, string Token, Guid ConversationId)>();
        for (var i = 0; i < Conversations; i++)
        {
            var (employer, candidate, conversationId) = await cluster.StartConversationAsync();
            users.Add((employer.Id, await a.TokenAsync(employer.Email!, ScaleOutCluster.Password), conversationId));
            users.Add((candidate.Id, await a.TokenAsync(candidate.Email!, ScaleOutCluster.Password), conversationId));
        }

        // Every user holds 50 connections on A; some history exists before the crash.
        var onA = users.SelectMany(u => Enumerable.Range(0, ConnectionsPerUser).Select(_ => (User: u, Hub: Connect(a, u.Token)))).ToList();
        await StartAllAsync(onA.Select(c => c.Hub), timeout.Token);
        Log($"{onA.Count} connections on A after {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var (userId, _, conversationId) in users.Where((_, i) => i % 2 == 0))
        {
            var sender = onA.First(c => c.User.UserId == userId).Hub;
            await sender.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "before the crash", timeout.Token);
        }

        await a.KillAsync();
        Log($"A killed after {clock.Elapsed.TotalSeconds:F1} s");
        await Task.WhenAll(onA.Select(c => c.Hub.DisposeAsync().AsTask()));

        // The storm: all of them reconnect to B at once.
        var received = new ConcurrentDictionary<(int Connection, Guid MessageId), int>();
        var onB = onA.Select((c, index) => (c.User, Hub: Connect(b, c.User.Token), Index: index)).ToList();
        foreach (var (_, hub, index) in onB)
        {
            hub.On<MessageCreated>(ChatClientMethodsName, e => received.AddOrUpdate((index, e.Message.Id), 1, (_, n) => n + 1));
        }

        var storm = Stopwatch.StartNew();
        await StartAllAsync(onB.Select(c => c.Hub), timeout.Token);
        Log($"{onB.Count} connections reconnected to B in {storm.Elapsed.TotalSeconds:F1} s");
        Assert.All(onB, c => Assert.Equal(HubConnectionState.Connected, c.Hub.State));

        // Each catches up from sequence 0 and sees exactly the stored history.
        var stored = await cluster.StoredMessagesAsync(users.Select(u => u.ConversationId).Distinct().ToList());
        await Task.WhenAll(onB.Select(async c =>
        {
            var view = await c.Hub.InvokeAsync<List<MessageView>>("Since", c.User.ConversationId, 0L, 200, timeout.Token);
            Assert.Equal(
                stored.Where(m => m.ConversationId == c.User.ConversationId).OrderBy(m => m.Sequence).Select(m => (m.Id, m.Sequence)),
                view.Select(m => (m.Id, m.Sequence)));
        }));

        // New messages reach every connection of both participants exactly once.
        var sentAfter = new List<(Guid ConversationId, Guid MessageId)>();
        foreach (var (userId, _, conversationId) in users.Where((_, i) => i % 2 == 1))
        {
            var sender = onB.First(c => c.User.UserId == userId).Hub;
            var message = await sender.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "after the storm", timeout.Token);
            sentAfter.Add((conversationId, message.Id));
        }

        var expected = onB.SelectMany(c => sentAfter.Where(s => s.ConversationId == c.User.ConversationId).Select(s => (c.Index, s.MessageId))).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (expected.Any(e => !received.ContainsKey(e)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{expected.Count(e => !received.ContainsKey(e))} of {expected.Count} deliveries missing.\n{cluster.Output}");
            await Task.Delay(50, timeout.Token);
        }

        var duplicated = received.Count(r => r.Value > 1);
        Log($"stored {stored.Count} before, {sentAfter.Count} after; deliveries {expected.Count}, lost 0, duplicated {duplicated}; total {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(0, duplicated);
        await Task.WhenAll(onB.Select(c => c.Hub.DisposeAsync().AsTask()));
    }

    private const string ChatClientMethodsName = "MessageCreated";

    private static HubConnection Connect(WebInstance instance, string token) =>
        new HubConnectionBuilder()
            .WithUrl(instance.HubUrl, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();

    private static async Task StartAllAsync(IEnumerable<HubConnection> hubs, CancellationToken cancellationToken) =>
        await Task.WhenAll(hubs.Select(h => h.StartAsync(cancellationToken)));

    private void Log(string line) => output.WriteLine(line);
}
