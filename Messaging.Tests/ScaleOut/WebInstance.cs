using Messaging.Tests.Infrastructure;
using Messaging.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;

namespace Messaging.Tests.ScaleOut;

/// <summary>
/// A real Messaging.Web process on a free 127.0.0.1 port (as Messaging.E2E's AppServer starts it), configured by
/// environment variables. Its output is kept for failure messages; <see cref="KillAsync"/> ends it as a crash would.
/// </summary>
public sealed class WebInstance : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ChildProcess _process;

    private WebInstance(string name, ChildProcess process, string baseUrl)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
    }

    public string Name { get; }

    public string BaseUrl { get; }

    public Uri HubUrl => new($"{BaseUrl}/hubs/chat");

    public bool HasExited => _process.HasExited;

    public string Output => _process.Output;

    public static async Task<WebInstance> StartAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        var dll = Metadata("WebAppDll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build Messaging.Web first (it is built with Messaging.Tests).", dll);
        }

        var baseUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["DOTNET_ENVIRONMENT"] = "Testing",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Messaging.Web.Realtime"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };
        foreach (var (key, value) in TestKeys.Settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        // The project folder is the content root, as with dotnet run (bin/<configuration>/<framework>/ is three levels down).
        var contentRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", ".."));
        var instance = new WebInstance(name, ChildProcess.Start(dll, ["--urls", baseUrl], environment, contentRoot), baseUrl);
        await instance.WaitUntilAsync(h => h.Status == "Healthy", TimeSpan.FromSeconds(90), "healthy");
        return instance;
    }

    /// <summary>The instance's <c>/health</c> report, or null while it does not answer.</summary>
    public async Task<HealthReport?> HealthAsync()
    {
        try
        {
            using var response = await Http.GetAsync($"{BaseUrl}/health");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var checks = json.RootElement.GetProperty("checks").EnumerateObject()
                .ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString() ?? "");
            return new HealthReport(json.RootElement.GetProperty("status").GetString() ?? "", checks);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Polls <c>/health</c> until <paramref name="condition"/> holds; fails with the output after <paramref name="limit"/>.</summary>
    public async Task<HealthReport> WaitUntilAsync(Func<HealthReport, bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        HealthReport? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            }

            last = await HealthAsync();
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} was not {what} within {limit} (last health: {last}):\n{Output}");
    }

    /// <summary>A bearer token for the hub from <c>POST /api/auth/token</c>.</summary>
    public async Task<string> TokenAsync(string email, string password)
    {
        using var response = await Http.PostAsJsonAsync($"{BaseUrl}/api/auth/token", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Kills the process at once (no graceful shutdown), as a crash or an OOM kill would.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string Metadata(string key) =>
        typeof(WebInstance).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");

    public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Checks)
    {
        public string? Bus => Checks.GetValueOrDefault("bus");

        public override string ToString() => $"{Status} ({string.Join(", ", Checks.Select(c => $"{c.Key}: {c.Value}"))})";
    }
}
