using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.Bench.Load;

/// <summary>
/// Open-loop generator: sends at a fixed total rate whatever the server's pace (so a slow server shows as
/// latency, not as a politely lower rate), stamps each message with its scheduled time and measures
/// scheduled-send to delivery at the other participant's connection.
/// </summary>
public sealed class LoadRunner(ILoadTarget target, LoadOptions options, TextWriter console)
{
    private readonly TrackedMessages _tracked = new();

    // Every phase by its index (from 1), for deliveries on other threads; the list only grows.
    private readonly Phase?[] _phaseByIndex = new Phase?[1024];
    private readonly List<Phase> _allPhases = [];
    private readonly List<Client> _clients = [];
    private long _accepted;
    private long _delivered;
    private long _errors;
    private long _inFlight;
    private long _unknown;
    private string? _firstError;
    private long _sequence;

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        console.WriteLine($"[{target.Name}] preparing {options.Connections} users and {options.Conversations} conversations...");
        var scenario = await target.PrepareAsync(options, cancellationToken);
        await ConnectAsync(scenario, cancellationToken);
        console.WriteLine($"[{target.Name}] {_clients.Count} connections open over WebSockets to {target.HubUrl}");

        var server = target.ServerPid is { } pid ? new ProcessSampler(pid) : null;
        using var heap = target.ServerPid is { } heapPid ? HeapCounter.TryStart(heapPid, console) : null;
        using var allocations = options.AllocationTypes > 0 && target.ServerPid is { } allocationPid ? AllocationSampler.TryStart(allocationPid, console) : null;
        var self = new ProcessSampler(Environment.ProcessId);
        var phases = new List<Phase>();
        var peakRss = double.NaN;
        using var progress = new CancellationTokenSource();
        var current = (Phase?)null;
        var reporter = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            var last = (Accepted: 0L, Delivered: 0L);
            var lastPause = GC.GetTotalPauseDuration();
            var started = Stopwatch.GetTimestamp();
            while (await timer.WaitForNextTickAsync(progress.Token).ConfigureAwait(false))
            {
                var rss = server?.RssMb() ?? double.NaN;
                peakRss = double.IsNaN(peakRss) ? rss : Math.Max(peakRss, rss);
                var now = (Interlocked.Read(ref _accepted), Interlocked.Read(ref _delivered));
                var window = current?.Window.Summarize();
                console.WriteLine(
                    $"[{target.Name} {Stopwatch.GetElapsedTime(started).TotalSeconds,4:0}s] {current?.Name ?? "drain",-8} target {current?.Rate ?? 0,7:0}/s  accepted {now.Item1 - last.Accepted,6}/s  delivered {now.Item2 - last.Delivered,6}/s  " +
                    $"p50 {window?.P50 ?? double.NaN,7:0.0} p99 {window?.P99 ?? double.NaN,7:0.0} ms  in flight {Interlocked.Read(ref _inFlight),5}  errors {Interlocked.Read(ref _errors)}  server RSS {rss:0} MB, heap {heap?.LatestMb ?? double.NaN:0} MB{(heap is null ? "" : ", " + heap.Runtime)}; " +
                    // The generator's own GC pauses delay sends too (latency counts from the scheduled time).
                    $"generator gc pause {(GC.GetTotalPauseDuration() - lastPause).TotalMilliseconds:0} ms");
                current?.ResetWindow();
                last = now;
                lastPause = GC.GetTotalPauseDuration();
            }
        }, CancellationToken.None);

        var serverCpu = server?.CpuSeconds() ?? double.NaN;
        var selfCpu = self.CpuSeconds();
        var measuredStart = Stopwatch.GetTimestamp();
        var acceptedBefore = 0L;
        try
        {
            if (options.WarmupSeconds > 0)
            {
                current = NewPhase("warmup", options.Rate, measured: false);
                await RunPhaseAsync(current, scenario, options.WarmupSeconds, cancellationToken);
                serverCpu = server?.CpuSeconds() ?? double.NaN;
                selfCpu = self.CpuSeconds();
                measuredStart = Stopwatch.GetTimestamp();
            }

            acceptedBefore = Interlocked.Read(ref _accepted);
            if (allocations is not null)
            {
                allocations.Counting = true;
            }

            if (!options.Ramp)
            {
                current = NewPhase("measure", options.Rate, measured: true);
                phases.Add(current);
                await RunPhaseAsync(current, scenario, options.Seconds - options.WarmupSeconds, cancellationToken);
            }
            else
            {
                for (var rate = options.Rate; rate <= options.MaxRate; rate *= options.RampFactor)
                {
                    current = NewPhase($"ramp {phases.Count + 1}", rate, measured: true);
                    phases.Add(current);
                    await RunPhaseAsync(current, scenario, options.StepSeconds, cancellationToken);
                    // Give the step's stragglers a moment; those still missing count at their age so far.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, options.P99LimitMs * 2)), cancellationToken);
                    var step = current.Summarize(_tracked, Stopwatch.GetTimestamp());
                    console.WriteLine($"[{target.Name}] step at {rate:0}/s: accepted {step.AcceptedPerSecond:0}/s, p99 {step.Latency.P99:0.0} ms, errors {step.Errors}");
                    if (step.Latency.P99 > options.P99LimitMs || step.Errors > step.Sent / 100 || step.AcceptedPerSecond < 0.9 * rate)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            current = null;
            if (allocations is not null)
            {
                allocations.Counting = false;
            }
        }

        if (allocations is not null)
        {
            console.WriteLine($"\n[{target.Name}] the server's allocations while measuring, by type (sampled every ~100 KB):\n{allocations.Report(options.AllocationTypes, Interlocked.Read(ref _accepted) - acceptedBefore)}\n");
        }

        var measuredSeconds = Stopwatch.GetElapsedTime(measuredStart).TotalSeconds;
        var serverCpuUsed = (server?.CpuSeconds() ?? double.NaN) - serverCpu;
        var selfCpuUsed = self.CpuSeconds() - selfCpu;
        var endRss = server?.RssMb() ?? double.NaN;
        var endHeap = heap?.LatestMb ?? double.NaN;
        await DrainAsync(cancellationToken);
        await progress.CancelAsync();
        await reporter.ContinueWith(_ => { }, TaskScheduler.Default);

        var result = LoadResult.From(target.Name, options, phases, _allPhases, _tracked, Stopwatch.GetTimestamp())
            with
            {
                ServerCpuPercent = serverCpuUsed / measuredSeconds * 100,
                ClientCpuPercent = selfCpuUsed / measuredSeconds * 100,
                ServerRssPeakMb = Math.Max(peakRss, endRss),
                ServerRssEndMb = endRss,
                ServerHeapPeakMb = heap?.PeakMb ?? double.NaN,
                ServerHeapEndMb = endHeap,
                Unknown = Interlocked.Read(ref _unknown),
                FirstError = _firstError,
            };
        await DisconnectAsync();
        return result;
    }

    private async Task ConnectAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var conversationsOf = Enumerable.Range(0, scenario.Users.Count).Select(_ => new List<Guid>()).ToArray();
        foreach (var c in scenario.Conversations)
        {
            conversationsOf[c.Employer].Add(c.Id);
            conversationsOf[c.Candidate].Add(c.Id);
        }

        for (var i = 0; i < scenario.Users.Count; i++)
        {
            var user = scenario.Users[i];
            var hub = HubClient.Create(target.HubUrl, user.Token);
            var client = new Client(user.Id, hub, conversationsOf[i]);
            hub.On<MessageCreatedDto>("MessageCreated", e => OnCreated(client, e));
            _clients.Add(client);
        }

        await Parallel.ForEachAsync(_clients, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (client, ct) =>
        {
            await client.Hub.StartAsync(ct);
            await target.JoinAsync(client.Hub, client.Conversations, ct);
        });
    }

    private async Task RunPhaseAsync(Phase phase, Scenario scenario, int seconds, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        phase.Start(start, Interlocked.Read(ref _accepted), Interlocked.Read(ref _delivered));
        var total = (long)(phase.Rate * seconds);
        var ticksPerMessage = Stopwatch.Frequency / phase.Rate;
        long scheduled = 0;
        while (scheduled < total)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Stopwatch.GetTimestamp();
            var due = Math.Min(total, (long)((now - start) / ticksPerMessage) + 1);
            for (; scheduled < due; scheduled++)
            {
                _ = SendAsync(phase, scenario, start + (long)(scheduled * ticksPerMessage));
            }

            await Task.Delay(1, cancellationToken);
        }

        var end = start + (long)(total * ticksPerMessage);
        while (Stopwatch.GetTimestamp() < end)
        {
            await Task.Delay(1, cancellationToken);
        }

        phase.Stop(end, Interlocked.Read(ref _accepted), Interlocked.Read(ref _delivered));
    }

    private async Task SendAsync(Phase phase, Scenario scenario, long intended)
    {
        var n = Interlocked.Increment(ref _sequence) - 1;
        var conversation = scenario.Conversations[(int)(n % scenario.Conversations.Count)];
        // Participants take turns, so both directions carry traffic.
        var sender = _clients[(n / scenario.Conversations.Count) % 2 == 0 ? conversation.Employer : conversation.Candidate];
        var clientMessageId = _tracked.Add(n, phase.Index, intended);
        phase.CountSent();
        Interlocked.Increment(ref _inFlight);
        try
        {
            await sender.Hub.InvokeAsync<MessageDto>("SendMessage", conversation.Id, clientMessageId, MessageText.Create(intended, options.Size));
            Volatile.Write(ref _tracked.At(n).Accepted, 1);
            Interlocked.Increment(ref _accepted);
            phase.Ack.Record(Stopwatch.GetElapsedTime(intended).TotalMilliseconds);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _errors);
            phase.CountError();
            Interlocked.CompareExchange(ref _firstError, ex.GetType().Name + ": " + ex.Message, null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void OnCreated(Client client, MessageCreatedDto e)
    {
        if (e.Message.SenderId == client.UserId)
        {
            return; // The sender's own copy: the figures are about the other participant.
        }

        var now = Stopwatch.GetTimestamp();
        if (!_tracked.TryFind(e.Message.ClientMessageId, out var number) || !MessageText.TryReadTicks(e.Message.Body, out var stamp)
            || Volatile.Read(ref _phaseByIndex[Volatile.Read(ref _tracked.At(number).Phase)]) is not { } phase)
        {
            Interlocked.Increment(ref _unknown);
            return;
        }

        Interlocked.Increment(ref _delivered);
        if (Interlocked.Increment(ref _tracked.At(number).Delivered) == 1)
        {
            var milliseconds = Stopwatch.GetElapsedTime(stamp, now).TotalMilliseconds;
            phase.Latency.Record(milliseconds);
            phase.Window.Record(milliseconds);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + options.DrainSeconds * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline
            && (Interlocked.Read(ref _inFlight) > 0 || AnyUndelivered()))
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    private bool AnyUndelivered()
    {
        for (var n = 0L; n < _tracked.Count; n++)
        {
            ref var t = ref _tracked.At(n);
            if (Volatile.Read(ref t.Accepted) == 1 && Volatile.Read(ref t.Delivered) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private Phase NewPhase(string name, double rate, bool measured)
    {
        var phase = new Phase(_allPhases.Count + 1, name, rate, measured);
        _allPhases.Add(phase);
        Volatile.Write(ref _phaseByIndex[phase.Index], phase);
        return phase;
    }

    private async Task DisconnectAsync()
    {
        await Parallel.ForEachAsync(_clients, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (client, _) => await client.Hub.DisposeAsync());
        _clients.Clear();
    }

    private sealed record Client(string UserId, HubConnection Hub, IReadOnlyList<Guid> Conversations);
}

