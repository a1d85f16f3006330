using Messaging.Tests.Infrastructure;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Messaging.Tests.ScaleOut;

/// <summary>
/// A real Messaging.Web process on a free 127.0.0.1 port (as Messaging.E2E's AppServer starts it), configured by
/// environment variables. Its output is kept for failure messages; <see cref="KillAsync"/> ends it as a crash would.
/// </summary>
public sealed class WebInstance : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WebInstance(string name, Process process, string baseUrl)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
    }

    public string Name { get; }

    public string BaseUrl { get; }

    public Uri HubUrl => new($"{BaseUrl}/hubs/chat");

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<WebInstance> StartAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        var dll = Metadata("WebAppDll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build Messaging.Web first (it is built with Messaging.Tests).", dll);
        }

        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            // The project folder is the content root, as with dotnet run (bin/<configuration>/<framework>/ is three levels down).
            WorkingDirectory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", "..")),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Messaging.Web.Realtime"] = "Information";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        foreach (var (key, value) in TestKeys.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Messaging.Web.");
        var instance = new WebInstance(name, process, baseUrl);
        process.OutputDataReceived += (_, e) => instance.Append(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string Metadata(string key) =>
        typeof(WebInstance).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");

    public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Checks)
    {
        public string? Bus => Checks.GetValueOrDefault("bus");

        public override string ToString() => $"{Status} ({string.Join(", ", Checks.Select(c => $"{c.Key}: {c.Value}"))})";
    }
}
