using System.Reflection;

namespace Messaging.Bench.App;

/// <summary>Where the repository and the built web app are (written into the assembly at build time).</summary>
public static class BenchPaths
{
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string WebAppDll => Metadata("WebAppDll");

    private static string Metadata(string key) =>
        typeof(BenchPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
