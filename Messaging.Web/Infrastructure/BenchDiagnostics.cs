using System.Net;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Messaging.Web.Infrastructure;

[assembly: HostingStartup(typeof(BenchDiagnostics.StaticAssetsFromBuildOutput))]

namespace Messaging.Web.Infrastructure;

/// <summary>
/// For Messaging.Bench's <c>idle</c> command, only when <c>Bench:Diagnostics</c> is true (the bench sets it on the
/// process it starts; nothing else does): GET /bench/memory runs a full, compacting collection and returns the
/// managed heap, so the bench can tell managed memory per idle connection or circuit from RSS (loopback callers
/// only); and the build output serves its static assets in Production as a published app would, so real browser
/// pages work against the Release build the bench starts.
/// </summary>
internal static class BenchDiagnostics
{
    public const string Path = "/bench/memory";

    private const string Key = "Bench:Diagnostics";

    /// <summary>Picked up from the app's own assembly by the web host; a no-op unless the bench turned it on.</summary>
    public sealed class StaticAssetsFromBuildOutput : IHostingStartup
    {
        public void Configure(IWebHostBuilder builder) =>
            builder.ConfigureAppConfiguration((context, _) =>
            {
                if (context.Configuration.GetValue<bool>(Key) && !context.HostingEnvironment.IsDevelopment())
                {
                    StaticWebAssetsLoader.UseStaticWebAssets(context.HostingEnvironment, context.Configuration);
                }
            });
    }

    public static WebApplication MapBenchDiagnostics(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>(Key))
        {
            return app;
        }

        app.MapGet(Path, (HttpContext http) =>
        {
            if (http.Connection.RemoteIpAddress is not { } address || !IPAddress.IsLoopback(address))
            {
                return Results.NotFound();
            }

            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            return Results.Json(new
            {
                managedBytes = managed,
                heapSizeBytes = info.HeapSizeBytes,
                committedBytes = info.TotalCommittedBytes,
                fragmentedBytes = info.FragmentedBytes,
                workingSetBytes = Environment.WorkingSet,
                gen2Collections = GC.CollectionCount(2),
                serverGc = System.Runtime.GCSettings.IsServerGC,
            });
        }).AllowAnonymous().DisableHttpMetrics();
        return app;
    }
}
