using System.Diagnostics;

namespace Messaging.Tests.ScaleOut;

/// <summary>
/// Two instances, one PostgreSQL, one Redis, steady traffic from 40 hub clients in 20 conversations (each with one
/// participant on each instance). Redis crashes and comes back, then instance A is killed; its clients move to B and
/// resend what was not acknowledged. Afterwards every conversation's history must hold every accepted message
/// exactly once, gap-free, and every client's view must equal it.
/// </summary>
[Collection(ScaleOutProcesses.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    private const int ConversationCount = 20;
    private static readonly TimeSpan PhaseLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Restarting_Redis_and_killing_an_instance_mid_traffic_loses_and_duplicates_nothing()
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(100));
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await ScaleOutCluster.CreateAsync(redis.Endpoint);
        var a = await cluster.StartInstanceAsync("A");
        var b = await cluster.StartInstanceAsync("B");
        Log($"two instances up after {clock.Elapsed.TotalSeconds:F1} s");

        var clients = new List<LoadClient>();
        for (var i = 0; i < ConversationCount; i++)
        {
            var (employer, candidate, conversationId) = await cluster.StartConversationAsync();
            var (employerHome, candidateHome) = i % 2 == 0 ? (a, b) : (b, a);
            // A client whose instance died goes to B (never killed), as a load balancer would send it.
            clients.Add(new LoadClient(clients.Count, employer.Id, conversationId, await employerHome.TokenAsync(employer.Email!, ScaleOutCluster.Password), () => employerHome.HasExited ? b : employerHome));
            clients.Add(new LoadClient(clients.Count, candidate.Id, conversationId, await candidateHome.TokenAsync(candidate.Email!, ScaleOutCluster.Password), () => candidateHome.HasExited ? b : candidateHome));
        }

        await Task.WhenAll(clients.Select(c => c.ConnectAsync(timeout.Token)));
        Log($"{clients.Count} clients connected after {clock.Elapsed.TotalSeconds:F1} s");

        var accepted = 0;
        using var stop = new CancellationTokenSource();
        var traffic = clients.Select(c => c.RunAsync(() => Interlocked.Increment(ref accepted), stop.Token, timeout.Token)).ToList();

        async Task TrafficReachesAsync(int target, string phase)
        {
            var deadline = DateTime.UtcNow + PhaseLimit;
            while (Volatile.Read(ref accepted) < target)
            {
                if (traffic.FirstOrDefault(t => t.IsFaulted) is { } failed)
                {
                    Assert.Fail($"A client failed during {phase}: {failed.Exception!.InnerException}\n{cluster.Output}");
                }

                Assert.True(DateTime.UtcNow < deadline, $"Traffic stalled during {phase} at {accepted} accepted messages.\n{cluster.Output}");
                await Task.Delay(20, timeout.Token);
            }
        }

        try
        {
            await TrafficReachesAsync(150, "warm-up");

            // Redis crashes: both buses degrade (each instance's users stay live among themselves), sends go on.
            await redis.KillAsync();
            Log($"Redis killed at {accepted} accepted ({clock.Elapsed.TotalSeconds:F1} s)");
            await Task.WhenAll(a.WaitUntilAsync(h => h.Bus == "Degraded", PhaseLimit, "degraded"), b.WaitUntilAsync(h => h.Bus == "Degraded", PhaseLimit, "degraded"));
            await TrafficReachesAsync(accepted + 100, "the Redis outage");
            await redis.StartAgainAsync();
            Log($"Redis restarted at {accepted} accepted ({clock.Elapsed.TotalSeconds:F1} s)");
            await Task.WhenAll(a.WaitUntilAsync(h => h.Status == "Healthy", PhaseLimit, "healthy again"), b.WaitUntilAsync(h => h.Status == "Healthy", PhaseLimit, "healthy again"));
            Log($"both buses recovered at {accepted} accepted ({clock.Elapsed.TotalSeconds:F1} s)");
            // Both instances announce their recovery: every hub client is told to catch up.
            var resynced = DateTime.UtcNow + PhaseLimit;
            while (clients.Any(c => c.Resyncs == 0))
            {
                Assert.True(DateTime.UtcNow < resynced, $"{clients.Count(c => c.Resyncs == 0)} clients got no resync.\n{cluster.Output}");
                await Task.Delay(20, timeout.Token);
            }

            // Instance A dies mid-traffic: its clients reconnect to B and resend what was not acknowledged.
            var liveAtRecovery = clients.Sum(c => c.LiveEvents);
            await TrafficReachesAsync(accepted + 150, "traffic after Redis came back");
            // Every conversation crosses instances: live delivery between them works again.
            Assert.True(clients.Sum(c => c.LiveEvents) > liveAtRecovery, "No event crossed instances after Redis came back.");
            await a.KillAsync();
            Log($"instance A killed at {accepted} accepted ({clock.Elapsed.TotalSeconds:F1} s)");
            var moved = DateTime.UtcNow + PhaseLimit;
            while (clients.Any(c => c.Instance != b))
            {
                Assert.True(DateTime.UtcNow < moved, $"Clients did not all move to B.\n{cluster.Output}");
                await Task.Delay(20, timeout.Token);
            }

            await TrafficReachesAsync(accepted + 150, "traffic on B alone");
            Log($"stopping at {accepted} accepted ({clock.Elapsed.TotalSeconds:F1} s)");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(traffic).WaitAsync(PhaseLimit).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        await Task.WhenAll(traffic);
        await Task.WhenAll(clients.Select(c => c.CatchUpAsync(timeout.Token)));

        var stored = await cluster.StoredMessagesAsync(clients.Select(c => c.ConversationId).Distinct().ToList());
        var sent = clients.SelectMany(c => c.Sent.Select(id => (Sender: c.UserId, ClientId: id))).ToHashSet();
        var acknowledged = clients.SelectMany(c => c.Accepted.Values).ToList();
        var storedIds = stored.Select(m => m.Id).ToHashSet();
        var lost = acknowledged.Count(m => !storedIds.Contains(m.Id));
        var duplicated = stored.Count - stored.Select(m => (m.SenderId, m.ClientMessageId)).Distinct().Count();
        var phantoms = stored.Count(m => !sent.Contains((m.SenderId!, m.ClientMessageId)));
        var deliveredLive = clients.Sum(c => c.LiveEvents);
        var delivered = clients.Sum(c => c.View.Values.Count(m => m.SenderId != c.UserId));
        var counts =
            $"sent {sent.Count}, accepted {acknowledged.Count}, stored {stored.Count}, delivered {delivered} " +
            $"({deliveredLive} live, {delivered - deliveredLive} by catch-up), lost {lost}, duplicated {duplicated}, " +
            $"duplicate live events {clients.Sum(c => c.DuplicateLiveEvents)}, resends {clients.Sum(c => c.Resends)}, " +
            $"reconnects {clients.Sum(c => c.Reconnects)}, resyncs {clients.Sum(c => c.Resyncs)}, conversations {ConversationCount}, clients {clients.Count}, " +
            $"took {clock.Elapsed.TotalSeconds:F1} s";
        Log(counts);

        Assert.Equal(0, lost);
        Assert.Equal(0, duplicated);
        Assert.Equal(0, phantoms);
        Assert.Equal(sent.Count, acknowledged.Count);
        Assert.Equal(sent.Count, stored.Count);
        Assert.Equal(0, clients.Sum(c => c.DuplicateLiveEvents));
        Assert.Equal(0, clients.Sum(c => c.Conflicts));
        Assert.True(clients.Sum(c => c.Resends) > 0, "Killing A interrupted no send: the test did not test resending.");
        foreach (var conversation in stored.GroupBy(m => m.ConversationId))
        {
            // Sequences 1..n with no gap and no repeat; each participant's view equals the database.
            var history = conversation.OrderBy(m => m.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(m => m.Sequence));
            foreach (var client in clients.Where(c => c.ConversationId == conversation.Key))
            {
                Assert.Equal(history.Select(m => (m.Sequence, m.Id)), client.View.Values.OrderBy(m => m.Sequence).Select(m => (m.Sequence, m.Id)));
            }
        }

        // Each client got each of the other side's messages: delivered equals what the others sent.
        Assert.Equal(stored.Count, delivered);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"The fault run took {clock.Elapsed}.");
    }

    private void Log(string line)
    {
        output.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }
}
