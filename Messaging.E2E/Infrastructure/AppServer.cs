using System.Reflection;
using Messaging.TestSupport;

namespace Messaging.E2E.Infrastructure;

/// <summary>
/// The real Messaging.Web process on a free 127.0.0.1 port, in Development (demo accounts seeded) on
/// its own SQLite file unless settings say otherwise. Its output is kept for the failure message.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _folder;

    private AppServer(ChildProcess process, string folder, string baseUrl)
    {
        _process = process;
        _folder = folder;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string Output => _process.Output;

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static async Task<AppServer> StartAsync(IDictionary<string, string>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("messaging-e2e-").FullName;
        var baseUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Messaging"] = $"Data Source={Path.Combine(folder, "e2e.db")}",
            ["ConnectionStrings__Redis"] = "",
            ["Attachments__Path"] = Path.Combine(folder, "attachments"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = ChildProcess.Start(Metadata("WebAppDll"), ["--urls", baseUrl], environment, Path.Combine(RepositoryRoot, "Messaging.Web"));
        var server = new AppServer(process, folder, baseUrl);
        try
        {
            await process.WaitUntilHealthyAsync(baseUrl, "/health", TimeSpan.FromSeconds(90), CancellationToken.None);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans /tmp.
        }
    }

    private static string Metadata(string key) =>
        typeof(AppServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
