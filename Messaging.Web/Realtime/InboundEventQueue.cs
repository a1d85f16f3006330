using System.Threading.Channels;
using Messaging.Core.Realtime;

namespace Messaging.Web.Realtime;

/// <summary>
/// Hands the events that arrive from Redis to this instance's subscribers: in order per conversation (or user) and
/// in parallel across them, so one slow screen holds up only its own partition. Resyncs requested while one runs
/// collapse into one more, so a burst of announcements costs two at most.
/// </summary>
internal sealed class InboundEventQueue
{
    private const int Partitions = 8;
    private readonly LocalEventDispatcher _dispatcher;
    private readonly ILogger _logger;
    private readonly Channel<ChatEvent>[] _partitions = new Channel<ChatEvent>[Partitions];
    private readonly SemaphoreSlim _resyncSignal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _workers = [];
    private int _resyncPending;

    public InboundEventQueue(LocalEventDispatcher dispatcher, ILogger logger)
    {
        (_dispatcher, _logger) = (dispatcher, logger);
        for (var i = 0; i < Partitions; i++)
        {
            _partitions[i] = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true });
        }
    }

    public void Start() =>
        _workers = [.. _partitions.Select(p => Task.Run(() => DispatchLoopAsync(p.Reader))), Task.Run(ResyncLoopAsync)];

    public void Enqueue(ChatEvent chatEvent) => _partitions[PartitionOf(chatEvent)].Writer.TryWrite(chatEvent);

    /// <summary>Asks for a <see cref="ChatResync"/> to every local subscriber (see <see cref="LocalEventDispatcher.DispatchToAllAsync"/>).</summary>
    public void RequestResync()
    {
        if (Interlocked.Exchange(ref _resyncPending, 1) == 0)
        {
            _resyncSignal.Release();
        }
    }

    /// <summary>Stops taking events; those already queued are still dispatched, for up to five seconds.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Complete();
        await Task.WhenAll(_workers).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Complete()
    {
        _stopping.Cancel();
        foreach (var partition in _partitions)
        {
            partition.Writer.TryComplete();
        }
    }

    private static int PartitionOf(ChatEvent chatEvent)
    {
        var key = chatEvent is ConversationEvent conversationEvent
            ? conversationEvent.Conversation.Id.GetHashCode()
            : (chatEvent.Topics().FirstOrDefault() ?? "").GetHashCode(StringComparison.Ordinal);
        return (int)((uint)key % Partitions);
    }

    private async Task DispatchLoopAsync(ChannelReader<ChatEvent> reader)
    {
        await foreach (var chatEvent in reader.ReadAllAsync())
        {
            // The dispatcher logs failing subscribers itself and never throws for them.
            await _dispatcher.DispatchAsync(chatEvent);
        }
    }

    private async Task ResyncLoopAsync()
    {
        while (true)
        {
            try
            {
                await _resyncSignal.WaitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Volatile.Write(ref _resyncPending, 0);
            _logger.LogInformation("Resyncing every open screen on this instance");
            await _dispatcher.DispatchToAllAsync(new ChatResync());
        }
    }
}
