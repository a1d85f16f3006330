using System.Diagnostics;
using Messaging.Bench.Idle;
using Messaging.Bench.Load;
using Microsoft.Playwright;

namespace Messaging.Bench.Browser;

/// <summary>
/// One headless Chromium started by the bench itself (not by Playwright, which hides the browser's pid), reached over
/// the DevTools protocol, so that it can be killed with SIGKILL mid-run as a crash or the OOM killer would.
/// </summary>
public sealed class ChromiumProcess : IAsyncDisposable
{
    // Playwright's own flags against throttling: several pages share one browser and all must stay "foreground".
    private static readonly string[] ExtraArguments =
        ["--headless", "--mute-audio", "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
         "--disable-backgrounding-occluded-windows", "--disable-ipc-flooding-protection", "--no-default-browser-check", "--password-store=basic"];

    private readonly Process _process;
    private readonly string _profile;

    private ChromiumProcess(int index, Process process, string profile, IBrowser browser)
    {
        Index = index;
        _process = process;
        _profile = profile;
        Browser = browser;
    }

    public int Index { get; }

    public int Pid => _process.Id;

    public IBrowser Browser { get; }

    public bool Killed { get; private set; }

    /// <param name="nice">Above 0: the browser runs at that lower CPU priority (nice(1) execs it: the pid stays the browser's).</param>
    public static async Task<ChromiumProcess> StartAsync(IPlaywright playwright, int index, int nice, CancellationToken cancellationToken)
    {
        if (!File.Exists(ChatPages.ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is required at {ChatPages.ChromiumPath} (apt-get install chromium).");
        }

        // A profile of its own: Chromium writes the port it picked (port 0) into DevToolsActivePort there.
        var profile = Directory.CreateTempSubdirectory($"messaging-bench-chromium-{index}-").FullName;
        var start = new ProcessStartInfo(nice > 0 ? "nice" : ChatPages.ChromiumPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (nice > 0)
        {
            start.ArgumentList.Add($"-n{nice}");
            start.ArgumentList.Add(ChatPages.ChromiumPath);
        }

        foreach (var argument in ChatPages.ChromiumArguments.Concat(ExtraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add($"--user-data-dir={profile}");
        start.ArgumentList.Add("--remote-debugging-port=0");
        start.ArgumentList.Add("about:blank");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Chromium.");
        // Read and dropped: a full pipe would block the browser.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        string[] lines = [];
        while (lines.Length < 2)
        {
            if (process.HasExited || Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"Chromium {index} did not open its DevTools port (exited: {process.HasExited}).");
            }

            await Task.Delay(100, cancellationToken);
            try
            {
                lines = File.Exists(portFile) ? await File.ReadAllLinesAsync(portFile, cancellationToken) : [];
            }
            catch (IOException)
            {
                lines = []; // Being written.
            }
        }

        var browser = await playwright.Chromium.ConnectOverCDPAsync($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}", new() { Timeout = 60_000 });
        return new ChromiumProcess(index, process, profile, browser);
    }

    /// <summary>CPU seconds of the browser and all its children (renderers, network service), from /proc.</summary>
    public double CpuSeconds() => Killed ? double.NaN : Tree(_process.Id).Select(pid => new ProcessSampler(pid).CpuSeconds()).Where(s => !double.IsNaN(s)).Sum();

    /// <summary>SIGKILL to the browser and every process under it: no unload, no close frames, as a crash.</summary>
    public void Kill()
    {
        Killed = true;
        _process.Kill(entireProcessTree: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Killed)
        {
            try
            {
                await Browser.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // Already gone.
            }

            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a child may still hold a file for a moment; the OS cleans /tmp.
        }
    }

    private static List<int> Tree(int root)
    {
        var pids = new List<int> { root };
        for (var i = 0; i < pids.Count; i++)
        {
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pids[i]}/task"))
                {
                    var children = File.ReadAllText(Path.Combine(task, "children"));
                    pids.AddRange(children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Exited meanwhile.
            }
        }

        return pids;
    }
}
