using Messaging.Bench.App;
using Messaging.Bench.Load;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.Bench.Idle;

/// <summary>
/// The idle cost of a connection: starts the real app (as `load` does, plus its memory endpoint), takes a baseline
/// with a few warm-up connections already open, opens N hub connections, lets them sit, and divides the growth by
/// the count; then the same for K chat circuits on a second, fresh server.
/// </summary>
public sealed class IdleRunner(IdleOptions options, TextWriter console)
{
    private const double HubTargetKb = 30;
    private const double CircuitTargetKb = 250;

    private readonly List<HubConnection> _hubs = [];

    public async Task<IReadOnlyList<IdleMeasurement>> RunAsync(CancellationToken cancellationToken)
    {
        // Each kind on a server of its own: memory freed by the first would be reused by the second and hide its cost.
        var results = new List<IdleMeasurement>();
        if (options.Connections > 0)
        {
            results.Add(await OnFreshServerAsync(options.HubUsers, options.HubUsers / 2, MeasureHubsAsync, cancellationToken));
        }

        if (options.Circuits > 0)
        {
            // Each page's user has --conversations-each conversations in their list: at least twice that many users,
            // and the pairs rotate, so every employer talks to that many candidates and every candidate to that many
            // employers (users without a page are seeded but never signed in).
            var users = Math.Max(options.Circuits + IdleOptions.WarmupCircuits, 2 * options.ConversationsEach);
            results.Add(await OnFreshServerAsync(users, users / 2 * options.ConversationsEach, MeasureCircuitsAsync, cancellationToken));
        }

        return results;
    }

    private async Task<IdleMeasurement> OnFreshServerAsync(
        int users, int conversations, Func<AppTarget, Scenario, MemoryProbe, CancellationToken, Task<IdleMeasurement>> measure, CancellationToken cancellationToken)
    {
        await using var target = new AppTarget(console, diagnostics: true);
        console.WriteLine($"[idle] preparing {users} users...");
        var scenario = await target.PrepareAsync(new LoadOptions { Connections = users, Conversations = conversations, History = options.History }, cancellationToken);
        using var probe = new MemoryProbe(target.BaseUrl, target.ServerPid ?? throw new InvalidOperationException("The server's pid is unknown."));
        return await measure(target, scenario, probe, cancellationToken);
    }

    private async Task<IdleMeasurement> MeasureHubsAsync(AppTarget target, Scenario scenario, MemoryProbe probe, CancellationToken cancellationToken)
    {
        try
        {
            await OpenHubsAsync(target, scenario, Math.Min(IdleOptions.WarmupConnections, options.Connections), cancellationToken);
            return await MeasureAsync("idle hub connections", options.Connections, HubTargetKb, probe,
                ct => OpenHubsAsync(target, scenario, options.Connections, ct), cancellationToken);
        }
        finally
        {
            await CloseHubsAsync();
        }
    }

    private async Task<IdleMeasurement> MeasureCircuitsAsync(AppTarget target, Scenario scenario, MemoryProbe probe, CancellationToken cancellationToken)
    {
        var users = scenario.Users.Count;
        await using var pages = await ChatPages.LaunchAsync(target.BaseUrl);
        await pages.OpenAsync(Enumerable.Range(0, IdleOptions.WarmupCircuits).ToList(), users, options.Room, options.ParallelPages, console, cancellationToken);
        var measured = Enumerable.Range(IdleOptions.WarmupCircuits, options.Circuits).ToList();
        var what = (options.Room ? "idle chat circuits (/conversations/{id}, room open" : "idle chat circuits (/conversations")
            + (options.ConversationsEach > 1 ? $", {options.ConversationsEach} conversations listed)" : ")");
        return await MeasureAsync(what, options.Circuits, CircuitTargetKb, probe,
            ct => pages.OpenAsync(measured, users, options.Room, options.ParallelPages, console, ct), cancellationToken);
    }

    private async Task<IdleMeasurement> MeasureAsync(
        string what, int count, double targetKb, MemoryProbe probe, Func<CancellationToken, Task> open, CancellationToken cancellationToken)
    {
        var before = await probe.SampleAsync(cancellationToken);
        var typesBefore = options.HeapTypes > 0 ? HeapTypes.Take(probe.Pid) : null;
        console.WriteLine($"[idle] baseline: RSS {before.RssMb:0.0} MB, managed heap {before.ManagedBytes / 1048576.0:0.0} MB; opening {count} {what}...");
        await open(cancellationToken);
        console.WriteLine($"[idle] {count} {what} open; idle for {options.IdleSeconds} s...");
        await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds), cancellationToken);
        var after = await probe.SampleAsync(cancellationToken);
        console.WriteLine($"[idle] after: RSS {after.RssMb:0.0} MB, managed heap {after.ManagedBytes / 1048576.0:0.0} MB");
        if (typesBefore is not null)
        {
            var growth = $"\nManaged heap growth by type, {what} (per one of {count}):\n\n{HeapTypes.Growth(typesBefore, HeapTypes.Take(probe.Pid), count, options.HeapTypes)}";
            console.WriteLine(growth);
            if (options.Output is { } file)
            {
                await File.AppendAllTextAsync(file, growth, cancellationToken);
            }
        }
        return new IdleMeasurement(what, count, targetKb, before, after);
    }

    /// <summary>Opens <paramref name="count"/> more connections, spread round robin over the hub users.</summary>
    private async Task OpenHubsAsync(AppTarget target, Scenario scenario, int count, CancellationToken cancellationToken)
    {
        var conversationOf = new Guid[scenario.Users.Count];
        foreach (var c in scenario.Conversations)
        {
            conversationOf[c.Employer] = conversationOf[c.Candidate] = c.Id;
        }

        var opened = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var user = i % options.HubUsers;
            var hub = HubClient.Create(target.HubUrl, scenario.Users[user].Token);
            lock (_hubs)
            {
                _hubs.Add(hub);
            }

            await hub.StartAsync(ct);
            // One call, as a client loading its first room does; it also makes sure OnConnectedAsync has run.
            await target.JoinAsync(hub, [conversationOf[user]], ct);
            var done = Interlocked.Increment(ref opened);
            if (done % 500 == 0)
            {
                console.WriteLine($"[idle] {done}/{count} hub connections open");
            }
        });
    }

    private async Task CloseHubsAsync()
    {
        await Parallel.ForEachAsync(_hubs, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (hub, _) => await hub.DisposeAsync());
        _hubs.Clear();
    }
}
