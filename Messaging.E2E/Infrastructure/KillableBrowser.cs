using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Messaging.E2E.Infrastructure;

/// <summary>
/// A Chromium of its own, started as a separate OS process and driven over the DevTools protocol, so a test can do
/// to it what a crash or a closed laptop lid does: <c>kill -9</c> the browser process, or freeze every process of it
/// (SIGSTOP: its connections stay open but nothing answers, as with a lid closed or the network gone).
/// </summary>
public sealed partial class KillableBrowser : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly List<int> _orphans = [];

    private KillableBrowser(Process process, string profile, IBrowser browser) => (_process, _profile, Browser) = (process, profile, browser);

    public IBrowser Browser { get; }

    public static async Task<KillableBrowser> LaunchAsync(IPlaywright playwright)
    {
        var profile = Directory.CreateTempSubdirectory("messaging-e2e-chromium-").FullName;
        var start = new ProcessStartInfo(E2EFixture.ChromiumPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--remote-debugging-port=0",
            $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && DevToolsLine().Match(e.Data) is { Success: true } match)
            {
                endpoint.TrySetResult(match.Groups[1].Value);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var webSocket = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var browser = await playwright.Chromium.ConnectOverCDPAsync(webSocket);
            return new KillableBrowser(process, profile, browser);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>SIGKILL to the browser's main process only, as a crash of the browser would be.</summary>
    public void KillMainProcess()
    {
        // Its children are handed to init once it is gone: remember them, so disposing kills them too.
        _orphans.AddRange(ProcessTree());
        Signal("KILL", [_process.Id]);
    }

    /// <summary>SIGSTOP to every process of this browser: its sockets stay open, and nothing reads or answers them.</summary>
    public void Freeze() => Signal("STOP", ProcessTree());

    public async ValueTask DisposeAsync()
    {
        Signal("KILL", [.. ProcessTree(), .. _orphans]);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A child may still be writing its profile as it dies; it is a temporary folder.
        }
    }

    /// <summary>The browser process and its descendants (renderers, the network service, the GPU process), from /proc.</summary>
    private List<int> ProcessTree()
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    // /proc/<pid>/stat: "pid (name) state ppid ..."; the name may contain spaces, so read after the last ')'.
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[pid] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // Gone meanwhile.
                }
            }
        }

        var tree = new List<int> { _process.Id };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        }

        return tree;
    }

    private static void Signal(string signal, IEnumerable<int> pids)
    {
        var ids = string.Join(' ', pids);
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {ids}") { RedirectStandardError = true, UseShellExecute = false })!;
        kill.WaitForExit(5_000);
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
