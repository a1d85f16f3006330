using Messaging.TestSupport;
using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Bench.Load;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Bench.App;

/// <summary>
/// The real Messaging.Web: started as its own process on 127.0.0.1 (or an already running one with --url),
/// its database seeded with bench users and conversations, each user signed in through POST /api/auth/token.
/// <paramref name="settings"/> adds configuration for the started server (<c>Section:Key</c>); with
/// <paramref name="diagnostics"/> the server also loads Messaging.Bench.Hooks (static assets in Production, GET /bench/memory).
/// </summary>
public sealed class AppTarget(TextWriter console, IReadOnlyDictionary<string, string>? settings = null, bool diagnostics = false) : ILoadTarget
{
    private ChildProcess? _server;
    private string? _folder;
    private Uri? _baseUrl;
    private int? _pid;

    public string Name => "full";

    public Uri BaseUrl => _baseUrl ?? throw new InvalidOperationException("Not prepared.");

    public Uri HubUrl => new(BaseUrl, "hubs/chat");

    public int? ServerPid => _pid;

    public async Task<Scenario> PrepareAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var provider = options.Provider;
        var connection = options.Connection;
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) || options.Url is not null)
            {
                throw new ArgumentException("--connection is required with --url or a provider other than Sqlite.");
            }

            _folder = Directory.CreateTempSubdirectory("messaging-bench-").FullName;
            connection = $"Data Source={Path.Combine(_folder, "bench.db")}";
        }

        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = options.Environment,
            ["DOTNET_ENVIRONMENT"] = options.Environment,
            ["Database__Provider"] = provider,
            ["ConnectionStrings__Messaging"] = connection,
            ["ConnectionStrings__Redis"] = "",
            // The per-user limits guard real users; the bench users send far faster. 10000 is the validated maximum.
            ["RateLimits__MessagesPerMinute"] = "10000",
            ["RateLimits__ConversationsPerDay"] = "10000",
            ["Logging__LogLevel__Default"] = "Warning",
            // The server keeps its own GC mode (server GC, from its runtimeconfig) whatever the generator runs with.
            ["DOTNET_gcServer"] = "1",
        };
        if (diagnostics)
        {
            environment["DOTNET_STARTUP_HOOKS"] = BenchPaths.HooksDll;
            environment["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = Path.GetFileNameWithoutExtension(BenchPaths.HooksDll);
        }

        foreach (var (key, value) in BenchKeys.Settings.Concat(settings ?? new Dictionary<string, string>()))
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        if (options.Url is null)
        {
            console.WriteLine($"[full] migrating {provider} database...");
            await using (var migrate = ChildProcess.Start(BenchPaths.WebAppDll, ["--migrate-only"], environment, WebFolder))
            {
                if (await migrate.WaitForExitAsync(cancellationToken) != 0)
                {
                    throw new InvalidOperationException($"Messaging.Web --migrate-only failed:\n{migrate.Output}");
                }
            }
        }

        console.WriteLine("[full] seeding users and conversations...");
        var (ids, conversations) = await BenchSeeder.SeedAsync(provider, connection, options.Connections, options.Conversations, cancellationToken);
        if (options.History > 0)
        {
            if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("History is seeded on SQLite only.");
            }

            console.WriteLine($"[full] seeding {options.History} messages in each conversation...");
            await using var services = BenchServices.Create(provider, connection);
            var cipher = services.GetRequiredService<Messaging.Core.Encryption.MessageCipher>();
            var blindIndex = services.GetRequiredService<Messaging.Core.Encryption.BlindIndex>();
            foreach (var c in conversations)
            {
                await Micro.BulkHistory.InsertAsync(connection, cipher, blindIndex, c.Id, ids[c.Employer], ids[c.Candidate], options.History);
            }
        }

        if (options.Url is null)
        {
            var url = $"http://127.0.0.1:{ChildProcess.FreePort()}";
            _server = ChildProcess.Start(BenchPaths.WebAppDll, ["--urls", url], environment, WebFolder);
            await _server.WaitUntilHealthyAsync(url, "/health", TimeSpan.FromSeconds(120), cancellationToken);
            _baseUrl = new Uri(url + "/");
            _pid = _server.Pid;
            console.WriteLine($"[full] Messaging.Web ({options.Environment}, {provider}) listening on {url}, pid {_pid}");
        }
        else
        {
            _baseUrl = new Uri(options.Url + "/");
            _pid = options.ServerPid;
        }

        console.WriteLine("[full] signing in through POST /api/auth/token...");
        var tokens = new string[ids.Count];
        using var http = new HttpClient { BaseAddress = _baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        // Password checks are deliberately slow (PBKDF2): a few at a time.
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var response = await http.PostAsJsonAsync("api/auth/token", new { email = BenchSeeder.Email(i, ids.Count), password = BenchSeeder.Password }, ct);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            tokens[i] = json.RootElement.GetProperty("accessToken").GetString() ?? throw new InvalidOperationException("No access token.");
        });

        return new Scenario(ids.Select((id, i) => new BenchUser(id, tokens[i])).ToList(), conversations);
    }

    public async Task JoinAsync(HubConnection hub, IReadOnlyList<Guid> conversations, CancellationToken cancellationToken)
    {
        if (conversations.Count > 0)
        {
            await hub.InvokeAsync<List<MessageDto>>("Since", conversations[0], 0L, 1, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();

            // The server logs warnings only (slow commits among them): worth seeing next to the figures.
            var warnings = _server.Output.Split('\n').Where(line => line.Contains("warn:", StringComparison.Ordinal) || line.StartsWith("      ", StringComparison.Ordinal)).Take(40).ToList();
            if (warnings.Count > 0)
            {
                console.WriteLine($"[full] the server's warnings (first {warnings.Count} lines):");
                warnings.ForEach(console.WriteLine);
            }
        }

        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the OS cleans /tmp.
            }
        }
    }

    private static string WebFolder => Path.Combine(BenchPaths.RepositoryRoot, "Messaging.Web");
}
