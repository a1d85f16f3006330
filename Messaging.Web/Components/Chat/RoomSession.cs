using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Presence;
using Messaging.Core.Realtime;

namespace Messaging.Web.Components.Chat;

/// <summary>
/// One open conversation as one tab sees it, without a renderer: history by sequence, live events, catch-up,
/// pending sends, receipts, the other side's typing and presence, and where unread messages start. The view is always
/// a gap-free run of sequences: an event that skips ahead triggers a catch-up from the last sequence shown, and
/// anything already shown is ignored, so nothing is lost or doubled. Applying an event never calls into the browser.
/// </summary>
/// <param name="dispatch">Runs work where the view may change (the circuit's renderer; in tests, inline).</param>
/// <param name="changed">Called after something the view shows changed in response to an event.</param>
public sealed partial class RoomSession(RoomServices services, string userId, Guid conversationId, Func<Func<Task>, Task> dispatch, Action changed) : IDisposable
{
    public const int PageSize = 50;

    /// <summary>How long read receipts for arriving messages wait to leave together.</summary>
    public static readonly TimeSpan ReadBatchDelay = TimeSpan.FromMilliseconds(300);

    private readonly SemaphoreSlim _catchUpLock = new(1, 1);
    private IDisposable? _roomSubscription;
    private IDisposable? _presenceSubscription;
    private ITimer? _typingTimer;
    private ITimer? _readTimer;
    private DateTime? _typingUntil;
    private bool _disposed;

    public Guid ConversationId { get; } = conversationId;

    public string UserId { get; } = userId;

    public RoomTimeline Timeline { get; } = new();

    public ConversationDetails? Details { get; private set; }

    public string? LoadError { get; private set; }

    /// <summary>Why the last send was refused, until the next one goes out or the user dismisses it.</summary>
    public string? SendError { get; set; }

    /// <summary>The first sequence this tab has not read when the room opened (the "New messages" line).</summary>
    public long? FirstUnread { get; private set; }

    /// <summary>Whether unread messages start below what is in view (the "Jump to first unread" button).</summary>
    public bool UnreadBelow { get; set; }

    public PresenceStatus OtherPresence { get; private set; }

    /// <summary>Whether the tab is visible: only then do arriving messages count as read.</summary>
    public bool PageVisible { get; set; } = true;

    /// <summary>Where the view should scroll once it has drawn what changed; the view takes it with <see cref="TakeScroll"/>.</summary>
    public RoomScroll Scroll { get; private set; }

    public bool IsOtherTyping => _typingUntil is { } until && until > Now;

    /// <summary>Why nothing can be sent, or null.</summary>
    public string? DisabledReason => Details?.Status == ConversationStatus.Blocked
        ? Details.BlockedByMe ? "You blocked this conversation. Unblock it from the menu to send messages." : "This conversation is blocked, so no new messages can be sent."
        : null;

    private DateTime Now => services.Time.GetUtcNow().UtcDateTime;

    public RoomScroll TakeScroll()
    {
        var scroll = Scroll;
        Scroll = RoomScroll.None;
        return scroll;
    }

    /// <summary>Subscribes, then reads the conversation, its newest page (and back to the first unread), presence and anything published meanwhile.</summary>
    public async Task LoadAsync()
    {
        // Subscribe before reading, so nothing published meanwhile is missed; duplicates are ignored by sequence.
        _roomSubscription = services.Bus.Subscribe(ChatTopics.Conversation(ConversationId), OnEventAsync);
        var details = await services.Conversations.GetAsync(UserId, ConversationId);
        if (!details.IsSuccess)
        {
            LoadError = details.Error!.Message;
            Unsubscribe();
            return;
        }

        var page = await services.History.HistoryAsync(UserId, ConversationId, null, PageSize);
        if (!page.IsSuccess)
        {
            LoadError = page.Error!.Message;
            Unsubscribe();
            return;
        }

        if (_disposed)
        {
            return; // closed while loading (another conversation was picked): subscribe to nothing, mark nothing read
        }

        Details = details.Value;
        Timeline.Reset(page.Value, Details.MyReadSequence, Details.OtherReadSequence, Details.OtherDeliveredSequence);
        if (Details.MyReadSequence < Timeline.LastSequence)
        {
            FirstUnread = Details.MyReadSequence + 1;
            await ShowAsync(FirstUnread.Value);
            UnreadBelow = true;
            Scroll = RoomScroll.FirstUnread;
        }
        else
        {
            Scroll = RoomScroll.Bottom;
        }

        // The room subscription handles ChatResync (which reaches every subscription): take presence changes only here.
        var otherId = Details.OtherUserId;
        if (_disposed)
        {
            return;
        }

        _presenceSubscription = services.Bus.Subscribe(ChatTopics.Presence(otherId), e => e is PresenceChanged ? OnEventAsync(e) : Task.CompletedTask);
        OtherPresence = (await services.Presence.GetAsync([otherId]))[otherId];
        await CatchUpAsync();
        if (PageVisible && !_disposed)
        {
            await MarkReadAsync();
        }
    }

    private Task OnEventAsync(ChatEvent chatEvent) => dispatch(async () =>
    {
        if (_disposed || Details is null)
        {
            return;
        }

        try
        {
            await ApplyAsync(chatEvent);
        }
        catch (Exception ex)
        {
            services.Logger.LogWarning(ex, "Applying {Event} in room {ConversationId} failed", chatEvent.GetType().Name, ConversationId);
        }

        changed();
    });

    /// <summary>Applies one event from the bus (the subscription calls it; tests may too).</summary>
    public async Task ApplyAsync(ChatEvent chatEvent)
    {
        switch (chatEvent)
        {
            case MessageCreated created:
                if (created.Message.SenderId != UserId)
                {
                    _typingUntil = null;
                }

                // Whether to follow it to the bottom is the browser's decision (it knows its scroll position); one's
                // own message from another tab is followed.
                await AppendAsync(created.Message);
                if (created.Message.SenderId == UserId)
                {
                    Scroll = RoomScroll.Bottom;
                }
                else if (PageVisible)
                {
                    ScheduleMarkRead();
                }
                else
                {
                    FirstUnread ??= created.Message.Sequence;
                }

                break;
            case MessageUpdated updated:
                Timeline.Replace(updated.Message);
                break;
            case ReadUpTo read when read.UserId != UserId:
                Timeline.OtherReadUpTo(read.Sequence);
                break;
            case ReadUpTo read:
                Timeline.MarkMyRead(read.Sequence);
                break;
            case DeliveredUpTo delivered when delivered.UserId != UserId:
                Timeline.OtherDeliveredUpTo(delivered.Sequence);
                break;
            case TypingChanged typing when typing.UserId != UserId:
                _typingTimer?.Dispose();
                _typingUntil = typing.IsTyping ? Now + TypingNotifier.Expiry : null;
                if (typing.IsTyping)
                {
                    // Re-render just after the indicator expires, so it clears by itself if the typist vanished.
                    _typingTimer = services.Time.CreateTimer(_ => _ = dispatch(() => { changed(); return Task.CompletedTask; }), null,
                        TypingNotifier.Expiry + TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);
                }

                break;
            case ConversationChanged:
                await ReloadDetailsAsync();
                break;
            case ChatResync:
                // Events may have been missed (the tab was disconnected, the instances lost each other, or this room fell
                // behind): reload what the room shows and catch up from the last sequence it has.
                await ReloadDetailsAsync();
                if (Details is { } current)
                {
                    Timeline.KnowLatest(current.LastSequence);
                    Timeline.OtherReadUpTo(current.OtherReadSequence);
                    Timeline.OtherDeliveredUpTo(current.OtherDeliveredSequence);
                    OtherPresence = (await services.Presence.GetAsync([current.OtherUserId]))[current.OtherUserId];
                }

                await RefreshWindowAsync();
                await CatchUpAsync();
                if (PageVisible)
                {
                    await MarkReadAsync();
                }

                break;
            case PresenceChanged presence when presence.UserId == Details?.OtherUserId:
                OtherPresence = presence.Status;
                break;
        }
    }

    /// <summary>Sends a message (possibly a resend of one already stored: the client id makes it idempotent).</summary>
    public async Task<SendOutcome> SendAsync(Guid clientMessageId, string text, Guid? replyTo)
    {
        if (Details is null)
        {
            return new SendOutcome(true, "This message could not be sent.");
        }

        if (Timeline.HasNewer)
        {
            // What one sends shows at the end of the conversation: go there first.
            await JumpToLatestAsync();
        }

        Timeline.AddPending(clientMessageId, text);
        Scroll = RoomScroll.Bottom;
        changed();
        var result = await services.Sender.SendAsync(UserId, ConversationId, clientMessageId, text, replyTo);
        Timeline.RemovePending(clientMessageId);
        if (!result.IsSuccess)
        {
            SendError = result.Error!.Message;
            return new SendOutcome(true, SendError);
        }

        SendError = null;
        await AppendAsync(result.Value);
        if (Timeline.HasNewer)
        {
            // Still further back (the jump could not read the newest page): go there, so the sent message shows.
            await JumpToLatestAsync();
        }

        Timeline.MarkMyRead(result.Value.Sequence);
        (FirstUnread, UnreadBelow, Scroll) = (null, false, RoomScroll.Bottom);
        _ = services.Typing.NotifyAsync(UserId, ConversationId, false);
        return new SendOutcome(false, null);
    }

    /// <summary>
    /// Read receipts for arriving messages leave in batches: a burst costs one write (and one event) per open room,
    /// not one per message, and a second tab of the same user usually finds the first one's receipt already there.
    /// </summary>
    private void ScheduleMarkRead() =>
        _readTimer ??= services.Time.CreateTimer(_ => _ = dispatch(async () =>
        {
            _readTimer?.Dispose();
            _readTimer = null;
            if (!_disposed && PageVisible)
            {
                await MarkReadAsync();
                changed();
            }
        }), null, ReadBatchDelay, Timeout.InfiniteTimeSpan);

    public async Task MarkReadAsync()
    {
        if (Details is null || Timeline.LastSequence <= Timeline.MyRead)
        {
            return;
        }

        var result = await services.Receipts.MarkReadAsync(UserId, ConversationId, Timeline.LastSequence);
        if (result.IsSuccess)
        {
            Timeline.MarkMyRead(result.Value);
        }
    }

    public Task NotifyTypingAsync(bool isTyping) => services.Typing.NotifyAsync(UserId, ConversationId, isTyping);

    public async Task ReloadDetailsAsync()
    {
        var details = await services.Conversations.GetAsync(UserId, ConversationId);
        if (details.IsSuccess)
        {
            Details = details.Value;
        }
    }

    /// <summary>Adds a message if it is the next in sequence; a jump ahead triggers a catch-up; an old one is ignored.</summary>
    private async Task AppendAsync(MessageView message)
    {
        if (!Timeline.TryAppend(message))
        {
            await CatchUpAsync();
        }
    }

    private void Unsubscribe()
    {
        _roomSubscription?.Dispose();
        _presenceSubscription?.Dispose();
        _typingTimer?.Dispose();
        _readTimer?.Dispose();
        (_roomSubscription, _presenceSubscription, _typingTimer, _readTimer) = (null, null, null, null);
    }

    public void Dispose()
    {
        _disposed = true;
        Unsubscribe();
    }
}
