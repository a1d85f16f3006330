using Messaging.Core.Messages;

namespace Messaging.Web.Components.Chat;

/// <summary>
/// The room's view of a conversation: a gap-free run of messages by sequence, the messages still being
/// sent, and the other side's delivered/read pointers. Appending is idempotent and refuses to skip a
/// sequence, which is what guarantees "never lose, never duplicate" on screen. The run is a window of at most
/// <see cref="MaxMessages"/>: scrolling back drops the newest from the far end (then <see cref="HasNewer"/> is set and
/// live messages are counted, not added, until the view comes back), so a circuit does not grow with how far the
/// user scrolled.
/// </summary>
public sealed class RoomTimeline
{
    /// <summary>The most messages the window holds (and so the circuit keeps rendered).</summary>
    public const int MaxMessages = 150;

    private readonly List<MessageView> _messages = [];
    private readonly Dictionary<Guid, string> _pending = [];

    public IReadOnlyList<MessageView> Messages => _messages;

    /// <summary>Texts sent from this tab that the server has not confirmed yet, by client message id.</summary>
    public IReadOnlyDictionary<Guid, string> Pending => _pending;

    /// <summary>The highest sequence shown; every sequence from the oldest loaded up to it is present.</summary>
    public long LastSequence { get; private set; }

    public bool HasOlder { get; private set; }

    /// <summary>Messages after the window exist (it was moved back in the history): live ones are not added to it.</summary>
    public bool HasNewer { get; private set; }

    /// <summary>The newest sequence known to exist, shown or not.</summary>
    public long LatestSequence { get; private set; }

    /// <summary>How many known messages come after the window.</summary>
    public long NewerCount => HasNewer ? Math.Max(0, LatestSequence - LastSequence) : 0;

    public long MyRead { get; private set; }

    public long OtherRead { get; private set; }

    public long OtherDelivered { get; private set; }

    public void Reset(IReadOnlyList<MessageView> newestPage, long myRead, long otherRead, long otherDelivered)
    {
        _messages.Clear();
        _pending.Clear();
        _messages.AddRange(newestPage);
        LastSequence = _messages.Count > 0 ? _messages[^1].Sequence : 0;
        LatestSequence = LastSequence;
        HasOlder = _messages.Count > 0 && _messages[0].Sequence > 1;
        HasNewer = false;
        (MyRead, OtherRead, OtherDelivered) = (myRead, otherRead, otherDelivered);
    }

    /// <summary>
    /// Shows a page somewhere in the history (around a message to jump to), keeping receipts, pending sends and what
    /// is known of the latest sequence.
    /// </summary>
    public void ResetAround(IReadOnlyList<MessageView> page, long latestSequence)
    {
        _messages.Clear();
        _messages.AddRange(page);
        LastSequence = _messages.Count > 0 ? _messages[^1].Sequence : 0;
        LatestSequence = Math.Max(latestSequence, LastSequence);
        HasOlder = _messages.Count > 0 && _messages[0].Sequence > 1;
        HasNewer = LatestSequence > LastSequence;
    }

    /// <summary>Whether <paramref name="sequence"/> is in the window.</summary>
    public bool Shows(long sequence) => _messages.Count > 0 && sequence >= _messages[0].Sequence && sequence <= LastSequence;

    /// <summary>Notes that messages up to <paramref name="sequence"/> exist (a resync learns it from the conversation).</summary>
    public void KnowLatest(long sequence) => LatestSequence = Math.Max(LatestSequence, sequence);

    /// <summary>Adds the message if it is the next one. Returns false when it skips ahead (the caller catches up).</summary>
    public bool TryAppend(MessageView message)
    {
        _pending.Remove(message.ClientMessageId);
        LatestSequence = Math.Max(LatestSequence, message.Sequence);
        if (message.Sequence <= LastSequence || HasNewer)
        {
            // Shown already, or the window is further back: it is counted in NewerCount.
            return true;
        }

        if (message.Sequence != LastSequence + 1)
        {
            return false;
        }

        _messages.Add(message);
        LastSequence = message.Sequence;
        if (_messages.Count > MaxMessages)
        {
            // The view follows the newest: the oldest leave the window (they load again on scrolling up).
            _messages.RemoveRange(0, _messages.Count - MaxMessages);
            HasOlder = true;
        }

        return true;
    }

    /// <summary>
    /// Adds the page that ends right before the window in front; past <see cref="MaxMessages"/> the newest leave the
    /// window. Returns whether it was added.
    /// </summary>
    public void Prepend(IReadOnlyList<MessageView> olderPage, int pageSize)
    {
        var first = _messages.Count > 0 ? _messages[0].Sequence : long.MaxValue;
        var older = olderPage.Where(m => m.Sequence < first).ToList();
        if (_messages.Count > 0 && (older.Count == 0 || older[^1].Sequence != first - 1))
        {
            // The window moved while the page was on its way (trimmed by live messages, or a jump): it no longer ends
            // where this page ends, and inserting it would leave a gap. The next look at the top asks again.
            return;
        }

        _messages.InsertRange(0, older);
        HasOlder = olderPage.Count == pageSize && olderPage[0].Sequence > 1;
        if (_messages.Count > MaxMessages)
        {
            _messages.RemoveRange(MaxMessages, _messages.Count - MaxMessages);
            LastSequence = _messages[^1].Sequence;
            HasNewer = true;
        }
    }

    /// <summary>
    /// Adds the page that follows the window (scrolling back down); past <see cref="MaxMessages"/> the oldest leave it.
    /// A page that does not start right after the window is ignored (the caller asks from <see cref="LastSequence"/>).
    /// </summary>
    public void AppendNewer(IReadOnlyList<MessageView> newerPage)
    {
        foreach (var message in newerPage)
        {
            _pending.Remove(message.ClientMessageId);
            if (message.Sequence == LastSequence + 1)
            {
                _messages.Add(message);
                LastSequence = message.Sequence;
            }
        }

        LatestSequence = Math.Max(LatestSequence, LastSequence);
        HasNewer = LatestSequence > LastSequence;
        if (_messages.Count > MaxMessages)
        {
            _messages.RemoveRange(0, _messages.Count - MaxMessages);
            HasOlder = true;
        }
    }

    public long? OldestSequence => _messages.Count > 0 ? _messages[0].Sequence : null;

    public void Replace(MessageView message)
    {
        var index = _messages.FindIndex(m => m.Id == message.Id);
        if (index >= 0)
        {
            _messages[index] = message;
        }

        // Replies quote this message: an edit or delete changes their quotes too.
        for (var i = 0; i < _messages.Count; i++)
        {
            if (_messages[i].ReplyTo?.Id == message.Id)
            {
                _messages[i] = _messages[i] with { ReplyTo = ReplyPreview.From(message) };
            }
        }
    }

    public void AddPending(Guid clientMessageId, string text) => _pending[clientMessageId] = text;

    public void RemovePending(Guid clientMessageId) => _pending.Remove(clientMessageId);

    public void MarkMyRead(long sequence) => MyRead = Math.Max(MyRead, sequence);

    public void OtherReadUpTo(long sequence)
    {
        OtherRead = Math.Max(OtherRead, sequence);
        OtherDelivered = Math.Max(OtherDelivered, sequence);
    }

    public void OtherDeliveredUpTo(long sequence) => OtherDelivered = Math.Max(OtherDelivered, sequence);

    public DeliveryStatus StatusOf(long sequence) =>
        sequence <= OtherRead ? DeliveryStatus.Read
        : sequence <= OtherDelivered ? DeliveryStatus.Delivered
        : DeliveryStatus.Sent;
}
