using System.Net.Http.Json;
using Messaging.Bench.Load;

namespace Messaging.Bench.Idle;

/// <summary>The server's memory at one moment, right after a full compacting collection.</summary>
public sealed record MemorySample(double RssMb, long ManagedBytes, long CommittedBytes);

/// <summary>
/// Asks the server for a full collection and its managed heap (GET /bench/memory, mapped only when the server
/// loads Messaging.Bench.Hooks), then reads its RSS from /proc.
/// </summary>
public sealed class MemoryProbe(Uri baseUrl, int pid) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    private readonly ProcessSampler _process = new(pid);

    public int Pid => pid;

    public async Task<MemorySample> SampleAsync(CancellationToken cancellationToken)
    {
        var heap = await _http.GetFromJsonAsync<HeapDto>("bench/memory", cancellationToken)
            ?? throw new InvalidOperationException("GET /bench/memory returned nothing.");
        // Give the collector a moment to hand freed pages back before RSS is read.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return new MemorySample(_process.RssMb(), heap.ManagedBytes, heap.CommittedBytes);
    }

    public void Dispose() => _http.Dispose();

    private sealed record HeapDto(long ManagedBytes, long CommittedBytes);
}
