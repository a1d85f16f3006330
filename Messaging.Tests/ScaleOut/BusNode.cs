using System.Collections.Concurrent;
using Messaging.Core;
using Messaging.Core.Realtime;
using Messaging.Web.Realtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Messaging.Tests.ScaleOut;

/// <summary>
/// One "instance" without the web host: its own service provider with the Redis bus and presence wired by
/// <c>AddMessagingRedis</c>, as the app wires them. Several nodes on one Redis behave like several instances.
/// </summary>
public sealed class BusNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BusNode(ServiceProvider services) => _services = services;

    public RedisChatEventBus Bus => _services.GetRequiredService<RedisChatEventBus>();

    public RedisPresenceTracker Presence => _services.GetRequiredService<RedisPresenceTracker>();

    public static async Task<BusNode> StartAsync(string redis, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis })
            .Build();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddMessagingCore().AddMessagingRedis(configuration);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<RedisChatEventBus>().StartAsync(TestContext.Current.CancellationToken);
        return new BusNode(provider);
    }

    public async Task<HealthStatus> BusHealthAsync()
    {
        var report = await _services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "bus");
        return report.Entries["bus"].Status;
    }

    /// <summary>Records what a subscriber of <paramref name="topic"/> on this node receives.</summary>
    public Recorder Record(string topic)
    {
        var recorder = new Recorder();
        recorder.Subscription = Bus.Subscribe(topic, e =>
        {
            recorder.Events.Enqueue(e);
            return Task.CompletedTask;
        });
        return recorder;
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }

    public sealed class Recorder : IDisposable
    {
        public ConcurrentQueue<ChatEvent> Events { get; } = new();

        public IDisposable? Subscription { get; set; }

        public IReadOnlyList<T> Of<T>() => Events.OfType<T>().ToList();

        /// <summary>Waits (polling, with a limit) until <paramref name="condition"/> holds for what was received.</summary>
        public async Task WaitUntilAsync(Func<IReadOnlyList<ChatEvent>, bool> condition, string what, TimeSpan? limit = null)
        {
            var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(15));
            while (!condition(Events.ToList()))
            {
                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"Timed out waiting for {what}; received: {string.Join(", ", Events.Select(e => e.GetType().Name))}");
                }

                await Task.Delay(20);
            }
        }

        public void Dispose() => Subscription?.Dispose();
    }
}
