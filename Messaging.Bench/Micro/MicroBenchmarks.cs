using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Messaging.Bench.Micro;

/// <summary>
/// BenchmarkDotNet over the hot paths, ShortRun and in-process (no separate build of a generated project), so the
/// whole set finishes in minutes. Extra arguments go to BenchmarkDotNet, e.g. --filter '*Moderation*'.
/// </summary>
public static class MicroBenchmarks
{
    public static string ArtifactsPath => Path.Combine(App.BenchPaths.RepositoryRoot, "artifacts", "benchmarks");

    public static void Run(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(ArtifactsPath);
        BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
    }
}
