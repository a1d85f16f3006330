using Messaging.Bench.Load;

namespace Messaging.Bench.Idle;

/// <summary>How many idle hub connections and chat circuits to open, and for how long they sit before measuring.</summary>
public sealed class IdleOptions
{
    /// <summary>Opened and kept open before the baseline, so start-up costs (JIT, pools, caches) are not counted.</summary>
    public const int WarmupConnections = 20;

    public const int WarmupCircuits = 2;

    /// <summary>The hub's per-user cap (Security:MaxHubConnectionsPerUser, default 20).</summary>
    public const int MaxConnectionsPerUser = 20;

    /// <summary>Idle hub connections to measure; 0 skips them.</summary>
    public int Connections { get; set; } = 2000;

    /// <summary>Users the hub connections are spread over; default one per connection.</summary>
    public int? Users { get; set; }

    /// <summary>Idle chat pages (/conversations in headless Chromium, one browser context and user each); 0 skips them.</summary>
    public int Circuits { get; set; } = 50;

    /// <summary>Each chat page also opens its user's conversation (/conversations/{id}: the room next to the list).</summary>
    public bool Room { get; set; }

    /// <summary>Messages already in each conversation (what an open room shows: its newest page of 50).</summary>
    public int History { get; set; }

    /// <summary>Conversations in each chat page's list (its user is an employer talking to this many candidates).</summary>
    public int ConversationsEach { get; set; } = 1;

    /// <summary>Pages signing in at the same time.</summary>
    public int ParallelPages { get; set; } = 4;

    /// <summary>How long everything sits idle before the second measurement.</summary>
    public int IdleSeconds { get; set; } = 10;

    /// <summary>When above 0, the types that grew most on the managed heap (a ClrMD walk before and after), this many.</summary>
    public int HeapTypes { get; set; }

    /// <summary>Where the markdown report is appended (optional).</summary>
    public string? Output { get; set; }

    public int HubUsers => Users ?? Math.Max(Connections, 2);

    public static IdleOptions Parse(IReadOnlyList<string> args)
    {
        var options = new IdleOptions();
        var reader = new OptionReader(args);
        while (reader.Next() is { } name)
        {
            switch (name)
            {
                case "--connections": options.Connections = reader.Int(); break;
                case "--users": options.Users = reader.Int(); break;
                case "--circuits": options.Circuits = reader.Int(); break;
                case "--room": options.Room = true; break;
                case "--history": options.History = reader.Int(); break;
                case "--conversations-each": options.ConversationsEach = reader.Int(); break;
                case "--parallel-pages": options.ParallelPages = reader.Int(); break;
                case "--idle-seconds": options.IdleSeconds = reader.Int(); break;
                case "--heap-types": options.HeapTypes = reader.Int(); break;
                case "--output": options.Output = reader.Value(); break;
                default: throw reader.Unknown();
            }
        }

        if (options.Connections < 0 || options.Circuits < 0 || options.IdleSeconds < 0 || options.ParallelPages < 1 || options.HubUsers < 2 || options.ConversationsEach < 1)
        {
            throw new ArgumentException("Need --connections >= 0, --circuits >= 0, --idle-seconds >= 0, --parallel-pages >= 1, --users >= 2 and --conversations-each >= 1.");
        }

        if ((options.Connections + options.HubUsers - 1) / options.HubUsers + 1 > MaxConnectionsPerUser)
        {
            throw new ArgumentException($"{options.Connections} connections over {options.HubUsers} users pass the hub's {MaxConnectionsPerUser} per user; raise --users.");
        }

        return options;
    }
}
