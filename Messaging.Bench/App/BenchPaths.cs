using System.Reflection;

namespace Messaging.Bench.App;

/// <summary>Where the repository and the built web app are (written into the assembly at build time).</summary>
public static class BenchPaths
{
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string WebAppDll => Metadata("WebAppDll");

    /// <summary>What the bench adds to the server it starts (<see cref="AppTarget"/> with diagnostics).</summary>
    public static string HooksDll => Metadata("HooksDll");

    private static string Metadata(string key) =>
        typeof(BenchPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
