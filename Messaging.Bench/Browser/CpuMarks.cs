using Messaging.Bench.Load;

namespace Messaging.Bench.Browser;

/// <summary>CPU seconds of the server, each browser (with all its processes) and the bench itself at named moments of the run.</summary>
public sealed class CpuMarks(ProcessSampler server, BrowserFleet fleet, ProcessSampler self)
{
    private readonly Dictionary<string, Sample> _marks = [];

    public ProcessSampler Server { get; } = server;

    public bool Has(string name) => _marks.ContainsKey(name);

    public void Mark(string name) =>
        _marks[name] = new Sample(BenchClock.Now, Server.CpuSeconds(), self.CpuSeconds(), fleet.Browsers.Select(b => b.CpuSeconds()).ToArray());

    /// <summary>The server's CPU between two marks, in % of one core (NaN when a mark is missing).</summary>
    public double ServerPercent(string from, string to) => Percent(from, to, s => s.Server);

    public double SelfPercent(string from, string to) => Percent(from, to, s => s.Self);

    /// <summary>All the browsers that were still running at <paramref name="to"/>, together, in % of one core.</summary>
    public double BrowsersPercent(string from, string to) =>
        !_marks.ContainsKey(from) || !_marks.TryGetValue(to, out var end)
            ? double.NaN
            : Enumerable.Range(0, fleet.Browsers.Count)
                .Where(b => !double.IsNaN(end.Browsers[b]))
                .Sum(b => Percent(from, to, s => s.Browsers[b]));

    private double Percent(string from, string to, Func<Sample, double> value) =>
        _marks.TryGetValue(from, out var a) && _marks.TryGetValue(to, out var b) ? (value(b) - value(a)) * 100_000 / (b.AtMs - a.AtMs) : double.NaN;

    private sealed record Sample(double AtMs, double Server, double Self, double[] Browsers);
}
