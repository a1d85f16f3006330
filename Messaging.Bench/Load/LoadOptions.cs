namespace Messaging.Bench.Load;

/// <summary>The scenario: who connects, how fast they send, for how long, and against which server.</summary>
public sealed class LoadOptions
{
    /// <summary>Hub connections, one per user: half employers, half candidates.</summary>
    public int Connections { get; set; } = 200;

    /// <summary>One-to-one conversations spread over those users.</summary>
    public int Conversations { get; set; } = 100;

    /// <summary>Messages already in each conversation before the run (SQLite only; `idle --history`).</summary>
    public int History { get; set; }

    /// <summary>Total messages a second over all conversations (the starting rate when ramping).</summary>
    public double Rate { get; set; } = 500;

    public int Seconds { get; set; } = 20;

    /// <summary>Messages scheduled in the first seconds are sent but left out of the figures (JIT, pools, caches).</summary>
    public int WarmupSeconds { get; set; } = 3;

    /// <summary>How long to wait after the last send for outstanding deliveries before counting the lost ones.</summary>
    public int DrainSeconds { get; set; } = 10;

    /// <summary>Characters per message (at least the timestamp header).</summary>
    public int Size { get; set; } = 120;

    public bool Ramp { get; set; }

    public double P99LimitMs { get; set; } = 250;

    /// <summary>Each ramp step multiplies the rate by this factor.</summary>
    public double RampFactor { get; set; } = 1.5;

    public int StepSeconds { get; set; } = 5;

    public double MaxRate { get; set; } = 100_000;

    /// <summary>A running server to target instead of starting one (seeding still needs --provider/--connection).</summary>
    public string? Url { get; set; }

    /// <summary>The server's process id when --url is used, for RSS and CPU.</summary>
    public int? ServerPid { get; set; }

    public string Provider { get; set; } = "Sqlite";

    /// <summary>The database the server uses; empty with SQLite: a throwaway file in a temp folder.</summary>
    public string? Connection { get; set; }

    public string Environment { get; set; } = "Production";

    /// <summary>When above 0: sample the server's allocations while measuring and list this many types.</summary>
    public int AllocationTypes { get; set; }

    /// <summary>Where the markdown report is appended (optional).</summary>
    public string? Output { get; set; }

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        var reader = new OptionReader(args);
        while (reader.Next() is { } name)
        {
            switch (name)
            {
                case "--connections": options.Connections = reader.Int(); break;
                case "--conversations": options.Conversations = reader.Int(); break;
                case "--rate": options.Rate = reader.Double(); break;
                case "--seconds": options.Seconds = reader.Int(); break;
                case "--warmup": options.WarmupSeconds = reader.Int(); break;
                case "--drain": options.DrainSeconds = reader.Int(); break;
                case "--size": options.Size = reader.Int(); break;
                case "--ramp": options.Ramp = true; break;
                case "--p99-limit-ms": options.P99LimitMs = reader.Double(); break;
                case "--ramp-factor": options.RampFactor = reader.Double(); break;
                case "--step-seconds": options.StepSeconds = reader.Int(); break;
                case "--max-rate": options.MaxRate = reader.Double(); break;
                case "--url": options.Url = reader.Value().TrimEnd('/'); break;
                case "--server-pid": options.ServerPid = reader.Int(); break;
                case "--provider": options.Provider = reader.Value(); break;
                case "--connection": options.Connection = reader.Value(); break;
                case "--environment": options.Environment = reader.Value(); break;
                case "--output": options.Output = reader.Value(); break;
                case "--alloc-types": options.AllocationTypes = reader.Int(); break;
                default: throw reader.Unknown();
            }
        }

        options.Validate();
        return options;
    }

    private void Validate()
    {
        var employers = Connections / 2;
        var candidates = Connections - employers;
        if (Connections < 2 || Conversations < 1 || Rate <= 0 || Seconds < 1 || WarmupSeconds < 0 || WarmupSeconds >= Seconds && !Ramp)
        {
            throw new ArgumentException("Need --connections >= 2, --conversations >= 1, --rate > 0 and --seconds longer than --warmup.");
        }

        if ((long)employers * candidates < Conversations)
        {
            throw new ArgumentException($"{Connections} users make at most {(long)employers * candidates} distinct employer-candidate pairs.");
        }

        if (Ramp && (RampFactor <= 1 || StepSeconds < 1))
        {
            throw new ArgumentException("--ramp-factor must be above 1 and --step-seconds at least 1.");
        }
    }
}
