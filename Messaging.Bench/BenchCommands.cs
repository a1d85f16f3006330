using System.Runtime;
using Messaging.Bench.App;
using Messaging.Bench.Bare;
using Messaging.Bench.Browser;
using Messaging.Bench.Idle;
using Messaging.Bench.Load;
using Messaging.Bench.Micro;

namespace Messaging.Bench;

/// <summary>The commands: load, compare, idle, browser, micro; bare-server (started by compare) and heap-count (by idle).</summary>
public static class BenchCommands
{
    private const string Usage = """
        Messaging.Bench: dotnet run -c Release --project Messaging.Bench -- <command> [options]

          load      drive the real Messaging.Web (started here, or --url) and report
          bare      the same scenario against the bare SignalR baseline only
          compare   load, then bare, with the same options; prints a markdown table with full/bare ratios
          idle      server memory per idle hub connection and per idle chat circuit (real Chromium pages)
          browser   latency to the DOM of real Chromium pages with their rooms open, one Chromium killed mid-run
          micro     BenchmarkDotNet micro-benchmarks (moderation, send, history page, conversation list)

        load/bare/compare options:
          --connections N (200)  --conversations M (100)  --rate MSGS_PER_S (500)  --seconds S (20)
          --warmup S (3)  --drain S (10)  --size CHARS (120)
          --ramp  --p99-limit-ms MS (250)  --ramp-factor F (1.5)  --step-seconds S (5)  --max-rate R
          --provider Sqlite|Postgres (Sqlite)  --connection "..." (default: a throwaway SQLite file)
          --url http://host:port (a running server; needs --connection for seeding)  --server-pid PID
          --environment Production|Development (Production)  --output FILE (append the report)
          --alloc-types T (0; T>0 samples the server's allocations while measuring and lists the top T types)
        idle options:
          --connections N (2000, 0 skips)  --users U (one per connection)  --circuits K (50, 0 skips)  --room (each page opens its conversation)
          --history H (0; messages already in each conversation, SQLite)  --conversations-each C (1; conversations in each page's list)
          --parallel-pages P (4)  --idle-seconds S (10)  --heap-types T (0; T>0 lists the T types that grew most)
          --output FILE (append the report)
        browser options:
          --pages K (20)  --conversations M (10)  --browsers B (3 Chromium processes)  --senders S (10 hub connections per employer)  --rate MSGS_PER_S (200)  --seconds S (30)
          --warmup S (5)  --kill-at S (15; 0: no kill)  --grace S (15)  --size CHARS (120)  --parallel-pages P (4)  --browser-nice N (0)
          --environment Production|Development (Production)  --output FILE (append the report)
        micro options: passed to BenchmarkDotNet (e.g. --filter '*Moderation*')
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            switch (args[0])
            {
                case "bare-server":
                    await BareServer.RunAsync(args[1..]);
                    return 0;
                case HeapTypes.CountCommand:
                    HeapTypes.Count(args[1], Console.Out);
                    return 0;
                case "micro":
                    MicroBenchmarks.Run(args[1..]);
                    return 0;
                case "load":
                    return Report(await RunAsync(new AppTarget(Console.Out), LoadOptions.Parse(args[1..]), cancel.Token), null);
                case "bare":
                    return Report(await RunAsync(new BareTarget(Console.Out), LoadOptions.Parse(args[1..]), cancel.Token), null);
                case "idle":
                    return await IdleAsync(IdleOptions.Parse(args[1..]), cancel.Token);
                case "browser":
                    return await BrowserAsync(BrowserOptions.Parse(args[1..]), cancel.Token);
                case "compare":
                    var options = LoadOptions.Parse(args[1..]);
                    var full = await RunAsync(new AppTarget(Console.Out), options, cancel.Token);
                    var bare = await RunAsync(new BareTarget(Console.Out), options, cancel.Token);
                    return Report(full, bare);
                default:
                    Console.Error.WriteLine($"Unknown command {args[0]}.\n{Usage}");
                    return 1;
            }
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static async Task<LoadResult> RunAsync(ILoadTarget target, LoadOptions options, CancellationToken cancellationToken)
    {
        await using (target)
        {
            // The generator shares the cores with the server: a blocking full collection of its own paused it for up to
            // 170 ms, which counted as latency (it runs from the scheduled send). Only background full collections now.
            GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
            var result = await new LoadRunner(target, options, Console.Out).RunAsync(cancellationToken);
            Console.WriteLine();
            Console.WriteLine(result.ToText());
            if (options.Output is { } file)
            {
                await File.AppendAllTextAsync(file, $"```\n{result.ToText()}```\n\n", cancellationToken);
            }

            return result;
        }
    }

    private static async Task<int> IdleAsync(IdleOptions options, CancellationToken cancellationToken)
    {
        var table = IdleMeasurement.Table(options, await new IdleRunner(options, Console.Out).RunAsync(cancellationToken));
        Console.WriteLine();
        Console.WriteLine(table);
        if (options.Output is { } file)
        {
            await File.AppendAllTextAsync(file, table + "\n", cancellationToken);
        }

        return 0;
    }

    private static async Task<int> BrowserAsync(BrowserOptions options, CancellationToken cancellationToken)
    {
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        var report = await new BrowserRunner(options, Console.Out).RunAsync(cancellationToken);
        Console.WriteLine();
        Console.WriteLine(report.Markdown);
        if (options.Output is { } file)
        {
            await File.AppendAllTextAsync(file, report.Markdown + "\n", cancellationToken);
        }

        // As the other commands: a run in which a page that stayed open missed a message fails.
        return report.Lost == 0 ? 0 : 2;
    }

    private static int Report(LoadResult full, LoadResult? bare)
    {
        if (bare is not null)
        {
            var table = LoadResult.CompareTable(full, bare);
            Console.WriteLine(table);
            if (full.Options.Output is { } file)
            {
                File.AppendAllText(file, table + "\n");
            }
        }

        // A run that lost or duplicated messages fails, whatever its speed.
        return full.Lost == 0 && full.Duplicated == 0 && (bare is null || bare.Lost == 0 && bare.Duplicated == 0) ? 0 : 2;
    }
}
