using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Messaging.Web.Circuits;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Messaging.Web.Components.Chat;

/// <summary>
/// One conversation: history by sequence, live events from the bus, receipts, typing and the composer.
/// Its view is always a gap-free run of sequences: an event that skips ahead triggers a catch-up from the
/// last sequence shown, and anything already shown is ignored, so nothing is lost or doubled.
/// </summary>
public sealed partial class ChatRoom : IAsyncDisposable
{
    public const int PageSize = 50;
    private const int MaxUnreadToLoad = 500;

    private readonly RoomTimeline _timeline = new();
    private readonly SemaphoreSlim _catchUpLock = new(1, 1);

    private ConversationDetails? _details;
    private string? _loadError;
    private string? _sendError;
    private Guid _loadedFor;
    private long? _firstUnread;
    private bool _unreadBelow;
    private bool _loadingOlder;
    private bool _scrollToBottom;
    private bool _scrollToFirstUnread;
    private int? _restoreFromBottom;
    private DateTime? _typingUntil;
    private PresenceStatus _otherPresence;
    private ITimer? _typingTimer;
    private IDisposable? _roomSubscription;
    private IDisposable? _presenceSubscription;
    private IJSObjectReference? _topObserver;
    private DotNetObjectReference<ChatRoom>? _selfReference;
    private ElementReference _scroller;
    private ElementReference _topSentinel;
    private bool _disposed;
    private bool _messagesRendered;
    private bool _searchOpen;
    private bool _actionsOpen;
    private bool _focusActionsButton;
    private bool _focusActionsMenu;
    private HashSet<Guid> _highlighted = [];

    [Inject] private ConversationService Conversations { get; set; } = default!;
    [Inject] private MessageQueries History { get; set; } = default!;
    [Inject] private MessageService Sender { get; set; } = default!;
    [Inject] private ReceiptService Receipts { get; set; } = default!;
    [Inject] private TypingNotifier TypingNotifier { get; set; } = default!;
    [Inject] private CircuitEventBus Bus { get; set; } = default!;
    [Inject] private IPresenceTracker Presence { get; set; } = default!;
    [Inject] private ClientClock Clock { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ILogger<ChatRoom> Logger { get; set; } = default!;
    [Inject] private MudBlazor.IDialogService Dialogs { get; set; } = default!;
    [Inject] private MudBlazor.ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid ConversationId { get; set; }

    [Parameter, EditorRequired]
    public string UserId { get; set; } = "";

    /// <summary>Whether the tab is visible: only then do arriving messages count as read.</summary>
    [Parameter]
    public bool PageVisible { get; set; } = true;

    [Parameter]
    public EventCallback OnBack { get; set; }

    private DateTime Now => Time.GetUtcNow().UtcDateTime;

    private bool OtherIsTyping => _typingUntil is { } until && until > Now;

    private PresenceStatus OtherPresence => _otherPresence;

    private string? DisabledReason => _details?.Status == ConversationStatus.Blocked
        ? _details.BlockedByMe ? "You blocked this conversation. Unblock it from the menu to send messages." : "This conversation is blocked, so no new messages can be sent."
        : null;

    protected override async Task OnParametersSetAsync()
    {
        _selfReference ??= DotNetObjectReference.Create(this);
        if (_loadedFor != ConversationId)
        {
            await LoadAsync();
        }
        else if (PageVisible)
        {
            await MarkReadAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_details is null || _disposed)
        {
            return;
        }

        if (_focusActionsMenu)
        {
            _focusActionsMenu = false;
            await JS.InvokeVoidAsync("messaging.focusOpenMenu");
        }
        else if (_focusActionsButton)
        {
            _focusActionsButton = false;
            await JS.InvokeVoidAsync("messaging.restoreFocus", "[data-testid=chat-room] button[aria-label=\"Conversation actions\"]");
        }

        // Only once the message list has really been rendered: a render from before the conversation loaded has
        // no list, and its element references would be stale.
        if (_topObserver is null && _messagesRendered)
        {
            try
            {
                _topObserver = await JS.InvokeAsync<IJSObjectReference?>("messaging.chat.observeTop", _topSentinel, _scroller, _selfReference);
            }
            catch (JSException ex)
            {
                Logger.LogWarning(ex, "Could not watch the top of room {ConversationId}; older pages load on the next render", ConversationId);
            }
        }

        if (_restoreFromBottom is { } fromBottom)
        {
            _restoreFromBottom = null;
            await JS.InvokeVoidAsync("messaging.chat.restoreScroll", _scroller, fromBottom);
        }
        else if (_scrollToFirstUnread && _firstUnread is { } first)
        {
            _scrollToFirstUnread = false;
            _scrollToBottom = false;
            await JS.InvokeVoidAsync("messaging.chat.scrollToMessage", ScriptArg(first));
        }
        else if (_scrollToBottom)
        {
            _scrollToBottom = false;
            await JS.InvokeVoidAsync("messaging.chat.scrollToBottom", _scroller);
        }
    }

    private async Task LoadAsync()
    {
        _loadedFor = ConversationId;
        Unsubscribe();
        _timeline.Reset([], 0, 0, 0);
        _messagesRendered = false;
        (_details, _loadError, _sendError, _firstUnread, _unreadBelow, _typingUntil) = (null, null, null, null, false, null);
        if (_topObserver is not null)
        {
            await _topObserver.InvokeVoidAsync("dispose");
            await _topObserver.DisposeAsync();
            _topObserver = null;
        }

        // Subscribe before reading, so nothing published meanwhile is missed; duplicates are ignored by sequence.
        var conversationId = ConversationId;
        _roomSubscription = Bus.Subscribe(ChatTopics.Conversation(conversationId), e => OnEventAsync(conversationId, e));

        var details = await Conversations.GetAsync(UserId, conversationId);
        if (!details.IsSuccess)
        {
            _loadError = details.Error!.Message;
            Unsubscribe();
            return;
        }

        var page = await History.HistoryAsync(UserId, conversationId, null, PageSize);
        if (!page.IsSuccess)
        {
            _loadError = page.Error!.Message;
            return;
        }

        _details = details.Value;
        _timeline.Reset(page.Value, _details.MyReadSequence, _details.OtherReadSequence, _details.OtherDeliveredSequence);

        if (_details.MyReadSequence < _timeline.LastSequence)
        {
            _firstUnread = _details.MyReadSequence + 1;
            while (_timeline.HasOlder && _timeline.OldestSequence > _firstUnread && _timeline.LastSequence - _timeline.OldestSequence < MaxUnreadToLoad)
            {
                await LoadOlderPageAsync();
            }

            _unreadBelow = true;
            _scrollToFirstUnread = true;
        }
        else
        {
            _scrollToBottom = true;
        }

        // The room subscription handles ChatResync (which reaches every subscription): take presence changes only here.
        var otherId = _details.OtherUserId;
        _presenceSubscription = Bus.Subscribe(ChatTopics.Presence(otherId), e => e is PresenceChanged ? OnEventAsync(conversationId, e) : Task.CompletedTask);
        _otherPresence = (await Presence.GetAsync([otherId]))[otherId];
        await CatchUpAsync();
        if (PageVisible)
        {
            await MarkReadAsync();
        }
    }

    private Task OnEventAsync(Guid conversationId, ChatEvent chatEvent) => InvokeAsync(async () =>
    {
        if (_disposed || conversationId != ConversationId || _details is null)
        {
            return;
        }

        try
        {
            await ApplyAsync(chatEvent);
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Applying {Event} in room {ConversationId} failed", chatEvent.GetType().Name, conversationId);
        }

        StateHasChanged();
    });

    private async Task ApplyAsync(ChatEvent chatEvent)
    {
        switch (chatEvent)
        {
            case MessageCreated created:
                if (created.Message.SenderId != UserId)
                {
                    _typingUntil = null;
                }

                // No call into the browser here: whether to stay at the bottom is the browser's decision (it follows
                // new messages while it is scrolled to the end), and a tab that is gone must not hold this up.
                await AppendAsync(created.Message);
                _scrollToBottom |= created.Message.SenderId == UserId;
                if (created.Message.SenderId != UserId)
                {
                    if (PageVisible)
                    {
                        await MarkReadAsync();
                    }
                    else
                    {
                        _firstUnread ??= created.Message.Sequence;
                    }
                }

                break;
            case MessageUpdated updated:
                _timeline.Replace(updated.Message);
                break;
            case ReadUpTo read when read.UserId != UserId:
                _timeline.OtherReadUpTo(read.Sequence);
                break;
            case ReadUpTo read:
                _timeline.MarkMyRead(read.Sequence);
                break;
            case DeliveredUpTo delivered when delivered.UserId != UserId:
                _timeline.OtherDeliveredUpTo(delivered.Sequence);
                break;
            case TypingChanged typing when typing.UserId != UserId:
                _typingTimer?.Dispose();
                _typingUntil = typing.IsTyping ? Now + TypingNotifier.Expiry : null;
                if (typing.IsTyping)
                {
                    // Re-render just after the indicator expires, so it clears by itself if the typist vanished.
                    _typingTimer = Time.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, TypingNotifier.Expiry + TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);
                }

                break;
            case ConversationChanged:
                await ReloadDetailsAsync();
                break;
            case ChatResync:
                // Events may have been lost while the instances were cut off from each other: reload what the
                // room shows and catch up from the last sequence it has.
                await ReloadDetailsAsync();
                if (_details is { } current)
                {
                    _timeline.OtherReadUpTo(current.OtherReadSequence);
                    _timeline.OtherDeliveredUpTo(current.OtherDeliveredSequence);
                    _otherPresence = (await Presence.GetAsync([current.OtherUserId]))[current.OtherUserId];
                }

                await CatchUpAsync();
                if (PageVisible)
                {
                    await MarkReadAsync();
                }

                break;
            case PresenceChanged presence when presence.UserId == _details?.OtherUserId:
                _otherPresence = presence.Status;
                break;
        }
    }

    private async Task ReloadDetailsAsync()
    {
        var details = await Conversations.GetAsync(UserId, ConversationId);
        if (details.IsSuccess)
        {
            _details = details.Value;
        }
    }

    /// <summary>Adds a message if it is the next in sequence; a jump ahead triggers a catch-up; an old one is ignored.</summary>
    private async Task AppendAsync(MessageView message)
    {
        if (!_timeline.TryAppend(message))
        {
            await CatchUpAsync();
        }
    }

    /// <summary>Loads everything after the last sequence shown (after a reconnect or a missed event).</summary>
    public async Task CatchUpAsync()
    {
        await _catchUpLock.WaitAsync();
        try
        {
            while (!_disposed)
            {
                var page = await History.SinceAsync(UserId, ConversationId, _timeline.LastSequence, MessageQueries.MaxPageSize);
                if (!page.IsSuccess || page.Value.Count == 0)
                {
                    return;
                }

                foreach (var message in page.Value)
                {
                    _timeline.TryAppend(message);
                }

                if (page.Value.Count < MessageQueries.MaxPageSize)
                {
                    return;
                }
            }
        }
        finally
        {
            _catchUpLock.Release();
        }
    }

    /// <summary>Called by the outbox script with a message the user sent; it may be a resend after a reconnect.</summary>
    [JSInvokable]
    public Task<SendOutcome> SendFromOutbox(string clientMessageId, string text) => SendCoreAsync(clientMessageId, text, null);

    private async Task<SendOutcome> SendCoreAsync(string clientMessageId, string text, Guid? replyTo)
    {
        if (_details is null || !Guid.TryParse(clientMessageId, out var clientId))
        {
            return new SendOutcome(true, "This message could not be sent.");
        }

        _timeline.AddPending(clientId, text);
        _scrollToBottom = true;
        StateHasChanged();
        var result = await Sender.SendAsync(UserId, ConversationId, clientId, text, replyTo);
        _timeline.RemovePending(clientId);
        if (!result.IsSuccess)
        {
            _sendError = result.Error!.Message;
            StateHasChanged();
            return new SendOutcome(true, _sendError);
        }

        _sendError = null;
        await AppendAsync(result.Value);
        _timeline.MarkMyRead(result.Value.Sequence);
        _firstUnread = null;
        _unreadBelow = false;
        _scrollToBottom = true;
        StateHasChanged();
        _ = TypingNotifier.NotifyAsync(UserId, ConversationId, false);
        return new SendOutcome(false, null);
    }

    /// <summary>Called by the scroll observer when the top of the history comes into view.</summary>
    [JSInvokable]
    public async Task LoadOlder()
    {
        if (_loadingOlder || !_timeline.HasOlder || _details is null)
        {
            return;
        }

        _loadingOlder = true;
        StateHasChanged();
        try
        {
            _restoreFromBottom = await JS.InvokeAsync<int>("messaging.chat.rememberScroll", _scroller);
            await LoadOlderPageAsync();
        }
        finally
        {
            _loadingOlder = false;
            StateHasChanged();
        }
    }

    private async Task LoadOlderPageAsync()
    {
        var page = await History.HistoryAsync(UserId, ConversationId, _timeline.OldestSequence, PageSize);
        if (page.IsSuccess)
        {
            _timeline.Prepend(page.Value, PageSize);
        }
    }

    private async Task MarkReadAsync()
    {
        if (_details is null || _timeline.LastSequence <= _timeline.MyRead)
        {
            return;
        }

        var result = await Receipts.MarkReadAsync(UserId, ConversationId, _timeline.LastSequence);
        if (result.IsSuccess)
        {
            _timeline.MarkMyRead(result.Value);
        }
    }

    /// <summary>Shows a search result: loads older pages until it is in view (bounded), then scrolls to it.</summary>
    private async Task JumpToAsync(MessageView message)
    {
        while (_timeline.HasOlder && _timeline.OldestSequence > message.Sequence && _timeline.LastSequence - _timeline.OldestSequence < MaxUnreadToLoad * 4)
        {
            await LoadOlderPageAsync();
        }

        StateHasChanged();
        await Task.Yield();
        await JS.InvokeVoidAsync("messaging.chat.scrollToMessage", ScriptArg(message.Sequence));
    }

    private async Task JumpToFirstUnreadAsync()
    {
        _unreadBelow = false;
        if (_firstUnread is { } first)
        {
            await JS.InvokeVoidAsync("messaging.chat.scrollToMessage", ScriptArg(first));
        }
    }

    /// <summary>
    /// A sequence for a script call, as text (the scripts only put it into an element id). Script arguments are
    /// serialized as <c>object</c>, and for a value passed that way System.Text.Json builds and keeps metadata for
    /// every interface of its type (about 30 for a long: <c>INumber&lt;long&gt;</c>, <c>IComparable&lt;long&gt;</c>,
    /// ...) in the circuit's own serializer cache, ~14 KB per circuit; strings are in that cache on every circuit anyway.
    /// </summary>
    private static string ScriptArg(long sequence) => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task OnTypingAsync(bool isTyping) => await TypingNotifier.NotifyAsync(UserId, ConversationId, isTyping);

    private async Task ReportAsync(MessageView? message)
    {
        var dialog = await Dialogs.ShowAsync<ReportDialog>(message is null ? "Report this conversation" : "Report this message",
            new MudBlazor.DialogParameters<ReportDialog>
            {
                { d => d.UserId, UserId },
                { d => d.ConversationId, ConversationId },
                { d => d.MessageId, message?.Id },
                { d => d.Quote, message?.Body },
            },
            new MudBlazor.DialogOptions { MaxWidth = MudBlazor.MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Thanks. The moderators will review it.", MudBlazor.Severity.Success);
        }
    }

    private Task ToggleSearchAsync()
    {
        _searchOpen = !_searchOpen;
        return Task.CompletedTask;
    }

    private Task OpenActionsAsync()
    {
        (_actionsOpen, _focusActionsMenu) = (true, true);
        return Task.CompletedTask;
    }

    private void ActionsMenuChanged(bool open)
    {
        _focusActionsButton = _actionsOpen && !open;
        _actionsOpen = open;
    }

    private async Task ToggleArchiveAsync()
    {
        if (_details is not null)
        {
            await Conversations.SetArchivedAsync(UserId, ConversationId, !_details.IsArchived);
        }
    }

    private async Task SetBlockedAsync(bool blocked)
    {
        var result = await Conversations.SetBlockedAsync(UserId, ConversationId, blocked);
        if (!result.IsSuccess)
        {
            _sendError = result.Error!.Message;
        }
    }

    private void Unsubscribe()
    {
        _roomSubscription?.Dispose();
        _presenceSubscription?.Dispose();
        _typingTimer?.Dispose();
        (_roomSubscription, _presenceSubscription, _typingTimer) = (null, null, null);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        Unsubscribe();
        if (_topObserver is not null)
        {
            try
            {
                await _topObserver.InvokeVoidAsync("dispose");
                await _topObserver.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The tab is gone.
            }
        }

        _selfReference?.Dispose();
        _catchUpLock.Dispose();
    }
}

/// <summary>What the outbox script learns about one send: rejected messages go back to the composer.</summary>
public sealed record SendOutcome(bool Rejected, string? Error);
