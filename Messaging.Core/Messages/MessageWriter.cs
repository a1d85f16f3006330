using System.Threading.Channels;
using Messaging.Core.Attachments;
using Messaging.Core.Common;
using Messaging.Core.Encryption;
using Messaging.Core.Moderation;

namespace Messaging.Core.Messages;

/// <summary>
/// The queue of checked messages waiting to be stored. Every send of this instance seals its message here (encryption
/// and the search filter need no lock) and waits; <see cref="MessageWriterService"/> stores whatever has queued up
/// meanwhile in one transaction and answers each sender. Under load a commit carries hundreds of messages instead of
/// one; alone, a send waits for nothing but its own commit.
/// </summary>
public sealed class MessageWriter(MessageCipher cipher, BlindIndex blindIndex)
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private long _batches;
    private long _drafts;

    /// <summary>Batches committed so far and the messages they carried (tests check that sends really share commits).</summary>
    public (long Batches, long Drafts) Written => (Interlocked.Read(ref _batches), Interlocked.Read(ref _drafts));

    internal ChannelReader<PendingWrite> Queue => _queue.Reader;

    /// <summary>
    /// Stores <paramref name="draft"/> (checked: <paramref name="verdict"/> is what moderation made of its text) and starts
    /// its broadcast. Cancelling stops the wait, not the write: a client that gave up retries with the same client
    /// message id and gets the stored message.
    /// </summary>
    internal Task<Result<WrittenMessage>> WriteAsync(MessageDraft draft, ModerationResult verdict, ReplyPreview? replyTo, CancellationToken cancellationToken)
    {
        var pending = Seal(draft, verdict, replyTo);
        return _queue.Writer.TryWrite(pending)
            ? pending.Completion.Task.WaitAsync(cancellationToken)
            : Task.FromException<Result<WrittenMessage>>(new ObjectDisposedException(nameof(MessageWriter)));
    }

    /// <summary>The message as it will be stored, encrypted, with its search filter: all but its sequence number and time.</summary>
    internal PendingWrite Seal(MessageDraft draft, ModerationResult verdict, ReplyPreview? replyTo)
    {
        var message = new Message
        {
            Id = draft.MessageId,
            ConversationId = draft.ConversationId,
            SenderId = draft.SenderId,
            ClientMessageId = draft.ClientMessageId,
            Type = draft.Type,
            Moderation = verdict.Outcome,
            ReplyToId = replyTo?.Id,
            SearchFilter = blindIndex.Filter(draft.ConversationId, verdict.Text),
        };
        var typed = draft.Text?.Trim() ?? "";
        cipher.Seal(message, verdict.Text, verdict.Text == typed ? null : typed);
        return new PendingWrite(draft, verdict, replyTo, message);
    }

    /// <summary>Takes no more messages; the queued ones are still written.</summary>
    internal void Complete() => _queue.Writer.TryComplete();

    internal void Committed(int messages)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _drafts, messages);
    }
}

/// <summary>A checked, sealed message waiting for its sequence number, and the sender waiting for it.</summary>
internal sealed class PendingWrite(MessageDraft draft, ModerationResult verdict, ReplyPreview? replyTo, Message message)
{
    public MessageDraft Draft { get; } = draft;

    public ModerationResult Verdict { get; } = verdict;

    public Message Message { get; } = message;

    public TaskCompletionSource<Result<WrittenMessage>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How participants see the stored message.</summary>
    public MessageView ViewOf(Message stored) => Draft.View?.Invoke(stored)
        ?? MessageView.From(stored, Verdict.Text) with { ReplyTo = replyTo, Attachments = Draft.Attachments.Select(AttachmentView.From).ToList() };
}
