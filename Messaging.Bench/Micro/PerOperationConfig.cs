using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Mathematics.OutlierDetection;

namespace Messaging.Bench.Micro;

/// <summary>
/// For targets stated as a p99: one call per iteration and many iterations, outliers kept, so BenchmarkDotNet's
/// statistics are over single calls and the P50/P95/P99 columns are per-call latencies (ShortRun's averages of
/// thousands of calls hide the tail). Replaces the global ShortRun job for the classes that use it.
/// </summary>
public class PerOperationConfig : ManualConfig
{
    public const int Iterations = 500;

    public PerOperationConfig()
        : this(warmups: 20, Iterations)
    {
    }

    protected PerOperationConfig(int warmups, int iterations)
    {
        UnionRule = ConfigUnionRule.AlwaysUseLocal;
        Add(DefaultConfig.Instance);
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Throughput)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithWarmupCount(warmups)
            .WithIterationCount(iterations)
            .WithOutlierMode(OutlierMode.DontRemove)
            .WithId("PerCall"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, new P99Column());
        ArtifactsPath = MicroBenchmarks.ArtifactsPath;
    }

    /// <summary>BenchmarkDotNet ships percentile columns up to P95; the targets speak of p99.</summary>
    private sealed class P99Column : IColumn
    {
        public string Id => "Percentile.P99";

        public string ColumnName => "P99";

        public string Legend => "Percentile 99 of single calls";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 10;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics is { } statistics
                ? $"{statistics.Percentiles.Percentile(99) / 1_000_000:0.000} ms"
                : "NA";
    }
}

/// <summary>As <see cref="PerOperationConfig"/> with 3 warm-ups and 30 calls, for operations that take up to a second.</summary>
public sealed class FewCallsConfig() : PerOperationConfig(warmups: 3, iterations: 30);
