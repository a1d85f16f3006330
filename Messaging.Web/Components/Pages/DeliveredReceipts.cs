using Messaging.Core.Messages;

namespace Messaging.Web.Components.Pages;

/// <summary>
/// A tab's delivered receipts, sent in batches: a burst of messages costs one write (and at most one event) per
/// conversation, not one per message and open tab.
/// </summary>
public sealed class DeliveredReceipts(string userId, ReceiptService receipts, TimeProvider time, Func<Func<Task>, Task> onRenderer, ILogger logger) : IDisposable
{
    public static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<Guid, long> _pending = [];
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>Notes that this tab has every message up to <paramref name="sequence"/>; called on the renderer's thread.</summary>
    public void Add(Guid conversationId, long sequence)
    {
        if (_disposed)
        {
            return;
        }

        _pending[conversationId] = Math.Max(sequence, _pending.GetValueOrDefault(conversationId));
        _timer ??= time.CreateTimer(_ => _ = onRenderer(FlushAsync), null, BatchDelay, Timeout.InfiniteTimeSpan);
    }

    private async Task FlushAsync()
    {
        _timer?.Dispose();
        _timer = null;
        var batch = _pending.ToList();
        _pending.Clear();
        foreach (var (conversationId, sequence) in batch)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                await receipts.MarkDeliveredAsync(userId, conversationId, sequence);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Marking conversation {ConversationId} delivered failed", conversationId);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
    }
}
