using System.Diagnostics;
using Messaging.Bench.App;
using Messaging.Bench.Load;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.Bench.Browser;

/// <summary>
/// The browser path end to end: the real app, real Chromium pages with their rooms open, and hub clients (the other
/// participant) sending open-loop at a fixed rate; latency is scheduled send to the bubble in each page's DOM. Mid-run
/// one Chromium process is killed (SIGKILL) and the remaining pages are measured before and after separately.
/// </summary>
public sealed class BrowserRunner(BrowserOptions options, TextWriter console)
{
    private const int CollectEveryMs = 500;

    private SentMessages _sent = new(0, 1);
    private long _accepted;
    private long _errors;
    private long _inFlight;
    private string? _firstError;

    public async Task<BrowserReport> RunAsync(CancellationToken cancellationToken)
    {
        var load = File.ReadAllText("/proc/loadavg").Trim();
        console.WriteLine($"[browser] load average before the run: {load}");
        // The bench hooks let the Release build serve its static assets in Production, as a published app would.
        await using var target = new AppTarget(console, diagnostics: true);
        var scenario = await target.PrepareAsync(
            new LoadOptions { Connections = 2 * options.Conversations, Conversations = options.Conversations, Environment = options.Environment }, cancellationToken);
        await using var fleet = await BrowserFleet.OpenAsync(options, target.BaseUrl, scenario, console, cancellationToken);
        _sent = new SentMessages((long)Math.Ceiling(options.Rate * options.Seconds), options.Conversations);
        var senders = await ConnectSendersAsync(target, scenario, cancellationToken);
        var readers = await ConnectReadersAsync(target, scenario, cancellationToken);
        try
        {
            var server = new ProcessSampler(target.ServerPid ?? throw new InvalidOperationException("The server's pid is unknown."));
            var self = new ProcessSampler(Environment.ProcessId);
            var start = Stopwatch.GetTimestamp();
            var startMs = BenchClock.FromTimestamp(start);
            var marks = new Marks(startMs, startMs + options.WarmupSeconds * 1000.0, options.KillAt > 0 ? startMs + options.KillAt * 1000.0 : double.NaN, startMs + options.Seconds * 1000.0);
            var cpu = new CpuMarks(server, fleet, self);

            using var stop = new CancellationTokenSource();
            var collector = CollectAsync(fleet, marks, cpu, stop.Token);
            await SendAsync(senders, scenario, start, cancellationToken);
            cpu.Mark("end");
            await WaitForStragglersAsync(fleet, marks, cancellationToken);
            await stop.CancelAsync();
            await collector;

            console.WriteLine($"[browser] load average after the run: {File.ReadAllText("/proc/loadavg").Trim()}");
            return BrowserReport.From(options, fleet, _sent, marks, cpu, load, Interlocked.Read(ref _errors), _firstError);
        }
        finally
        {
            foreach (var hub in senders.Concat(readers))
            {
                await hub.DisposeAsync();
            }
        }
    }

    /// <summary>One hub connection per employer: the sending side of each conversation (the pages are the candidates').</summary>
    /// <remarks>
    /// Several connections per employer (--senders), used in turn: the hub runs one invocation at a time per
    /// connection, and one connection sending 20 messages a second would measure its own queue, not the app.
    /// Connection k serves conversation k mod M.
    /// </remarks>
    private async Task<HubConnection[]> ConnectSendersAsync(AppTarget target, Scenario scenario, CancellationToken cancellationToken)
    {
        var count = scenario.Conversations.Count;
        var hubs = Enumerable.Range(0, count * options.Senders).Select(k => HubClient.Create(target.HubUrl, scenario.Users[scenario.Conversations[k % count].Employer].Token)).ToArray();
        for (var k = 0; k < hubs.Length; k++)
        {
            await hubs[k].StartAsync(cancellationToken);
            await target.JoinAsync(hubs[k], [scenario.Conversations[k % count].Id], cancellationToken);
        }

        return hubs;
    }

    /// <summary>
    /// One hub connection per candidate, next to their pages: when the same message reaches it, for reference. The
    /// difference between the two is the circuit and the browser (render batch, DOM), the common part the server.
    /// </summary>
    private async Task<HubConnection[]> ConnectReadersAsync(AppTarget target, Scenario scenario, CancellationToken cancellationToken)
    {
        var hubs = new HubConnection[scenario.Conversations.Count];
        for (var k = 0; k < hubs.Length; k++)
        {
            var user = scenario.Users[scenario.Conversations[k].Candidate];
            hubs[k] = HubClient.Create(target.HubUrl, user.Token);
            hubs[k].On<MessageCreatedDto>("MessageCreated", e =>
            {
                var at = BenchClock.Now;
                if (e.Message.SenderId != user.Id && MessageText.TryReadTicks(e.Message.Body, out var number) && number >= 0 && number < _sent.Count)
                {
                    Interlocked.CompareExchange(ref _sent.HubSeen[number], at, 0);
                }
            });
            await hubs[k].StartAsync(cancellationToken);
            await target.JoinAsync(hubs[k], [scenario.Conversations[k].Id], cancellationToken);
        }

        return hubs;
    }

    private async Task SendAsync(HubConnection[] senders, Scenario scenario, long start, CancellationToken cancellationToken)
    {
        var ticksPerMessage = Stopwatch.Frequency / options.Rate;
        var total = _sent.Count;
        long scheduled = 0;
        while (scheduled < total)
        {
            var due = Math.Min(total, (long)((Stopwatch.GetTimestamp() - start) / ticksPerMessage) + 1);
            for (; scheduled < due; scheduled++)
            {
                _ = SendOneAsync(senders, scenario, scheduled, start + (long)(scheduled * ticksPerMessage));
            }

            await Task.Delay(1, cancellationToken);
        }

        var end = start + (long)(total * ticksPerMessage);
        while (Stopwatch.GetTimestamp() < end || Interlocked.Read(ref _inFlight) > 0 && Stopwatch.GetElapsedTime(end) < TimeSpan.FromSeconds(options.GraceSeconds))
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    private async Task SendOneAsync(HubConnection[] senders, Scenario scenario, long number, long intended)
    {
        var conversations = scenario.Conversations.Count;
        var conversation = (int)(number % conversations);
        var sender = senders[(int)(number / conversations % options.Senders) * conversations + conversation];
        _sent.Scheduled[number] = BenchClock.FromTimestamp(intended);
        Volatile.Write(ref _sent.Started[number], true);
        Interlocked.Increment(ref _inFlight);
        try
        {
            // The text carries the message's number (in letters: digits would trip the phone and card detectors).
            await sender.InvokeAsync<MessageDto>("SendMessage", scenario.Conversations[conversation].Id, Guid.NewGuid(), MessageText.Create(number, options.Size));
            _sent.AckMs[number] = Stopwatch.GetElapsedTime(intended).TotalMilliseconds;
            Volatile.Write(ref _sent.Accepted[number], true);
            Interlocked.Increment(ref _accepted);
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _sent.Failed[number], true);
            Interlocked.Increment(ref _errors);
            Interlocked.CompareExchange(ref _firstError, ex.GetType().Name + ": " + ex.Message, null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Collects the pages' notes, prints a line a second, and kills the first browser when its time comes.</summary>
    private async Task CollectAsync(BrowserFleet fleet, Marks marks, CpuMarks cpu, CancellationToken stop)
    {
        var lastLine = BenchClock.Now;
        var (seen, worst, accepted) = (0, 0.0, 0L);
        var serverCpu = cpu.Server.CpuSeconds();
        while (!stop.IsCancellationRequested)
        {
            var now = BenchClock.Now;
            var untilKill = double.IsNaN(marks.KillMs) || fleet.Browsers[0].Killed ? double.MaxValue : marks.KillMs - now;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(Math.Min(CollectEveryMs, untilKill), 1, CollectEveryMs)), stop);
            }
            catch (OperationCanceledException)
            {
                // One last collection below.
            }

            if (BenchClock.Now >= marks.WarmupEndMs && !cpu.Has("measure"))
            {
                cpu.Mark("measure");
            }

            foreach (var (_, number, at) in await fleet.CollectAsync())
            {
                seen++;
                worst = Math.Max(worst, at - _sent.Scheduled[number]);
            }

            if (!double.IsNaN(marks.KillMs) && !fleet.Browsers[0].Killed && BenchClock.Now >= marks.KillMs)
            {
                // The victim's pages were collected just above: what they showed until now is kept.
                cpu.Mark("kill");
                fleet.Browsers[0].Kill();
                marks.KilledAtMs = BenchClock.Now;
                console.WriteLine($"[browser] killed Chromium 0 (pid {fleet.Browsers[0].Pid}, {fleet.Pages.Count(p => !p.Alive)} pages) with SIGKILL at {(marks.KilledAtMs - marks.StartMs) / 1000:0.0} s");
            }

            if (BenchClock.Now - lastLine >= 1000)
            {
                var cpuNow = cpu.Server.CpuSeconds();
                var acceptedNow = Interlocked.Read(ref _accepted);
                console.WriteLine($"[browser {(BenchClock.Now - marks.StartMs) / 1000,4:0}s] accepted {acceptedNow - accepted,5}/s  appeared {seen,6} in {fleet.Pages.Count(p => p.Alive)} pages  " +
                    $"worst {worst,7:0} ms  in flight {Interlocked.Read(ref _inFlight),4}  errors {Interlocked.Read(ref _errors)}  server CPU {(cpuNow - serverCpu) * 100000 / (BenchClock.Now - lastLine),4:0} %");
                (seen, worst, accepted, serverCpu, lastLine) = (0, 0, acceptedNow, cpuNow, BenchClock.Now);
            }
        }
    }

    /// <summary>After the last send: until every live page shows every accepted message of its room, or the grace period ends.</summary>
    private async Task WaitForStragglersAsync(BrowserFleet fleet, Marks marks, CancellationToken cancellationToken)
    {
        var deadline = marks.EndMs + options.GraceSeconds * 1000.0;
        while (BenchClock.Now < deadline)
        {
            var missing = 0L;
            foreach (var page in fleet.Pages.Where(p => p.Alive))
            {
                for (var n = (long)page.Conversation; n < _sent.Count; n += options.Conversations)
                {
                    missing += _sent.Expected(n) && !page.HasSeen(n) ? 1 : 0;
                }
            }

            if (missing == 0)
            {
                return;
            }

            await Task.Delay(250, cancellationToken);
        }

        console.WriteLine($"[browser] grace period of {options.GraceSeconds} s over; what is still missing counts as lost");
    }
}

/// <summary>
/// The messages of one run by number (number mod M is the conversation): scheduled time, ack time, and whether the
/// send started, returned, or failed. A started send that did not fail is expected in every open page of its room,
/// acknowledged or not: a send stuck behind a stalled subscriber is as lost to the reader as a dropped one.
/// </summary>
public sealed class SentMessages(long count, int conversations)
{
    public readonly double[] Scheduled = new double[count];
    public readonly double[] AckMs = new double[count];
    public readonly bool[] Started = new bool[count];
    public readonly bool[] Accepted = new bool[count];
    public readonly bool[] Failed = new bool[count];

    /// <summary>When the candidate's own hub connection got it (bench clock; 0: never), the reference.</summary>
    public readonly double[] HubSeen = new double[count];

    public long Count { get; } = count;

    public int Conversations { get; } = conversations;

    public bool Expected(long number) => Volatile.Read(ref Started[number]) && !Volatile.Read(ref Failed[number]);
}

/// <summary>The run's moments on the bench's clock (epoch ms): start of sends, end of warm-up, the kill (NaN: none), the last send.</summary>
public sealed record Marks(double StartMs, double WarmupEndMs, double KillMs, double EndMs)
{
    /// <summary>When the browser was actually killed (NaN: never).</summary>
    public double KilledAtMs { get; set; } = double.NaN;
}
