using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

[assembly: HostingStartup(typeof(Messaging.Bench.Hooks.BenchHostingStartup))]

namespace Messaging.Bench.Hooks;

/// <summary>
/// For the bench's <c>idle</c> and <c>browser</c> commands: the Release build serves its static assets in Production
/// as a published app would (real browser pages work against it), and GET /bench/memory runs a full, compacting
/// collection and returns the managed heap, so the bench can tell managed memory per idle connection or circuit
/// from RSS (loopback callers only).
/// </summary>
public sealed class BenchHostingStartup : IHostingStartup
{
    public const string MemoryPath = "/bench/memory";

    public void Configure(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((context, _) =>
        {
            if (!context.HostingEnvironment.IsDevelopment())
            {
                StaticWebAssetsLoader.UseStaticWebAssets(context.HostingEnvironment, context.Configuration);
            }
        });
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, MemoryEndpoint>());
    }

    /// <summary>Ahead of the app's own pipeline: no authentication, no antiforgery, no endpoint of the product's.</summary>
    private sealed class MemoryEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(MemoryPath, branch => branch.Run(WriteMemoryAsync));
            next(app);
        };

        private static Task WriteMemoryAsync(HttpContext http)
        {
            if (http.Connection.RemoteIpAddress is not { } address || !IPAddress.IsLoopback(address))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            return http.Response.WriteAsJsonAsync(new
            {
                managedBytes = managed,
                heapSizeBytes = info.HeapSizeBytes,
                committedBytes = info.TotalCommittedBytes,
                fragmentedBytes = info.FragmentedBytes,
                workingSetBytes = Environment.WorkingSet,
                gen2Collections = GC.CollectionCount(2),
                serverGc = System.Runtime.GCSettings.IsServerGC,
            });
        }
    }
}
