using Messaging.Core.Messages;

namespace Messaging.Web.Components.Chat;

/// <summary>
/// The room's view of a conversation: a gap-free run of messages by sequence, the messages still being
/// sent, and the other side's delivered/read pointers. Appending is idempotent and refuses to skip a
/// sequence, which is what guarantees "never lose, never duplicate" on screen.
/// </summary>
public sealed class RoomTimeline
{
    private readonly List<MessageView> _messages = [];
    private readonly Dictionary<Guid, string> _pending = [];

    public IReadOnlyList<MessageView> Messages => _messages;

    /// <summary>Texts sent from this tab that the server has not confirmed yet, by client message id.</summary>
    public IReadOnlyDictionary<Guid, string> Pending => _pending;

    /// <summary>The highest sequence shown; every sequence from the oldest loaded up to it is present.</summary>
    public long LastSequence { get; private set; }

    public bool HasOlder { get; private set; }

    public long MyRead { get; private set; }

    public long OtherRead { get; private set; }

    public long OtherDelivered { get; private set; }

    public void Reset(IReadOnlyList<MessageView> newestPage, long myRead, long otherRead, long otherDelivered)
    {
        _messages.Clear();
        _pending.Clear();
        _messages.AddRange(newestPage);
        LastSequence = _messages.Count > 0 ? _messages[^1].Sequence : 0;
        HasOlder = _messages.Count > 0 && _messages[0].Sequence > 1;
        (MyRead, OtherRead, OtherDelivered) = (myRead, otherRead, otherDelivered);
    }

    /// <summary>Adds the message if it is the next one. Returns false when it skips ahead (the caller catches up).</summary>
    public bool TryAppend(MessageView message)
    {
        _pending.Remove(message.ClientMessageId);
        if (message.Sequence <= LastSequence)
        {
            return true;
        }

        if (message.Sequence != LastSequence + 1)
        {
            return false;
        }

        _messages.Add(message);
        LastSequence = message.Sequence;
        return true;
    }

    /// <summary>Adds an older page in front. Returns whether more may exist before it.</summary>
    public void Prepend(IReadOnlyList<MessageView> olderPage, int pageSize)
    {
        var first = _messages.Count > 0 ? _messages[0].Sequence : long.MaxValue;
        _messages.InsertRange(0, olderPage.Where(m => m.Sequence < first));
        HasOlder = olderPage.Count == pageSize && olderPage[0].Sequence > 1;
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
