using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Messaging.Web.Circuits;
using Messaging.Web.Components.Chat;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace Messaging.Web.Components.Pages;

/// <summary>
/// The conversations screen: the live list beside the open room (stacked on a phone). It owns the
/// list-level live state: unread counts, delivered receipts, presence dots, tab title and notifications.
/// </summary>
public sealed partial class Conversations : IAsyncDisposable
{
    private readonly Dictionary<string, IDisposable> _presenceSubscriptions = [];
    private readonly Dictionary<string, PresenceStatus> _presence = [];
    private DeliveredReceipts? _delivered;
    private IReadOnlyList<ConversationSummary>? _items;
    private IDisposable? _userSubscription;
    private IJSObjectReference? _visibilityWatch;
    private DotNetObjectReference<Conversations>? _selfReference;
    private string? _userId;
    private string? _search;
    private bool _unreadOnly;
    private bool _archived;
    private bool _visible = true;
    private bool _canStart;
    private bool _isEmployer;
    private string _notifications = "unsupported";
    private bool _reloading;
    private bool _reloadAgain;
    private bool _presenceStale;
    private bool _disposed;
    private bool _interactive;

    [Inject] private ConversationQueries Queries { get; set; } = default!;
    [Inject] private ReceiptService Receipts { get; set; } = default!;
    [Inject] private CircuitEventBus Bus { get; set; } = default!;
    [Inject] private IPresenceTracker Presence { get; set; } = default!;
    [Inject] private ClientClock Clock { get; set; } = default!;
    [Inject] private CircuitContext Circuit { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private BrowserScripts Scripts { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<Conversations> Logger { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Parameter]
    public Guid? ConversationId { get; set; }

    private DateTime Now => Time.GetUtcNow().UtcDateTime;

    private ConversationFilter Filter => new(_search, _unreadOnly, _archived);

    private long TotalUnread => _items?.Sum(i => i.UnreadCount) ?? 0;

    private string Title => TotalUnread > 0 ? $"({TotalUnread}) Conversations · Messaging" : "Conversations · Messaging";

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _userId = user.UserId();
        _isEmployer = user.IsInRole(Messaging.Core.Accounts.Roles.Employer);
        _canStart = _isEmployer || user.IsInRole(Messaging.Core.Accounts.Roles.Candidate);
        _delivered = new DeliveredReceipts(_userId, Receipts, Time, work => InvokeAsync(work), Logger);
        _userSubscription = Bus.Subscribe(ChatTopics.User(_userId), OnUserEventAsync);
        await ReloadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        // A conversation clicked while the page was not live yet is opened by enhanced navigation: the address bar and
        // the prerendered room change, but the circuit, started for the address the page had before, never hears of it
        // and draws the page without the room ("opens, then closes again"). Follow the address bar.
        var location = await Scripts.LocationAsync();
        if (location != Navigation.Uri && location.StartsWith(Navigation.BaseUri, StringComparison.Ordinal))
        {
            Navigation.NavigateTo(location, replace: true);
        }

        Clock.Set(await Scripts.TimeZoneAsync());
        _notifications = await Scripts.NotificationPermissionAsync();
        _selfReference = DotNetObjectReference.Create(this);
        _visibilityWatch = await Scripts.WatchVisibilityAsync(_selfReference);
        await VisibilityChanged(await Scripts.IsVisibleAsync());
        _interactive = true;
        StateHasChanged();
    }

    [JSInvokable]
    public async Task VisibilityChanged(bool visible)
    {
        _visible = visible;
        Circuit.Visible = visible;
        if (_userId is not null)
        {
            await Presence.VisibilityChangedAsync(_userId, Circuit.CircuitId, visible);
        }

        StateHasChanged();
    }

    private async Task NotifyAsync(string title, string body, string url)
    {
        try
        {
            await Scripts.NotifyAsync(title, body, url);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException or ObjectDisposedException)
        {
            // The tab is gone or refused: a notification is a courtesy.
        }
    }

    private Task OnUserEventAsync(ChatEvent chatEvent) => InvokeAsync(async () =>
    {
        if (_disposed || _userId is null)
        {
            return;
        }

        try
        {
            if (chatEvent is MessageCreated created && created.Message.SenderId != _userId)
            {
                // This tab has the message: tell the sender it was delivered (batched). Also when the room is open: a
                // room scrolled far back does not mark it read yet.
                _delivered?.Add(created.Conversation.Id, created.Message.Sequence);

                if (!_visible || created.Conversation.Id != ConversationId)
                {
                    var sender = _items?.FirstOrDefault(i => i.Id == created.Conversation.Id)?.OtherName ?? "New message";
                    // Not awaited: applying an event never waits on the browser (a tab that is gone would hold it up).
                    _ = NotifyAsync(sender, ConversationQueries.Preview(created.Message.Body, null, created.Message.IsRemoved ? DateTime.UtcNow : null), $"/conversations/{created.Conversation.Id}");
                }
            }

            if (chatEvent is ChatResync)
            {
                // Events may have been lost while the instances were cut off from each other: reload the list
                // and every presence dot.
                _presenceStale = true;
                await ReloadAsync();
            }
            else if (_reloading)
            {
                // A reload is on its way: whether its rows include this event is unknown, so read them once more.
                _reloadAgain = true;
            }
            else if (_items is null || ConversationRows.Apply(_items, chatEvent, _userId, Filter, Now) is not { } rows)
            {
                await ReloadAsync();
            }
            else if (!ReferenceEquals(rows, _items))
            {
                _items = rows;
                await TrackPresenceAsync();
                StateHasChanged();
            }
        }
        catch (Exception ex) when (ex is JSDisconnectedException or TaskCanceledException)
        {
            // The tab went away while handling the event; the next load shows the current state.
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Updating the conversation list failed");
        }
    });

    /// <summary>Reloads the list (one query); events arriving meanwhile coalesce into one more reload.</summary>
    private async Task ReloadAsync()
    {
        if (_reloading)
        {
            _reloadAgain = true;
            return;
        }

        _reloading = true;
        try
        {
            do
            {
                _reloadAgain = false;
                _items = await Queries.ListAsync(_userId!, Filter);
                await TrackPresenceAsync();
                StateHasChanged();
            }
            while (_reloadAgain && !_disposed);
        }
        finally
        {
            _reloading = false;
        }
    }

    private async Task TrackPresenceAsync()
    {
        var others = _items!.Select(i => i.OtherUserId).ToHashSet();
        foreach (var gone in _presenceSubscriptions.Keys.Where(k => !others.Contains(k)).ToList())
        {
            _presenceSubscriptions[gone].Dispose();
            _presenceSubscriptions.Remove(gone);
        }

        var added = others.Where(o => !_presenceSubscriptions.ContainsKey(o)).ToList();
        foreach (var other in added)
        {
            _presenceSubscriptions[other] = Bus.Subscribe(ChatTopics.Presence(other), e => InvokeAsync(() =>
            {
                if (e is PresenceChanged changed && !_disposed)
                {
                    _presence[changed.UserId] = changed.Status;
                    StateHasChanged();
                }
            }));
        }

        var refresh = _presenceStale ? others.ToList() : added;
        _presenceStale = false;
        if (refresh.Count > 0)
        {
            foreach (var (user, status) in await Presence.GetAsync(refresh))
            {
                _presence[user] = status;
            }
        }
    }

    private async Task OnSearchAsync(string? search)
    {
        _search = search;
        await ReloadAsync();
    }

    private async Task OnUnreadOnlyAsync(bool value)
    {
        _unreadOnly = value;
        await ReloadAsync();
    }

    private async Task OnArchivedAsync(bool value)
    {
        _archived = value;
        await ReloadAsync();
    }

    private async Task EnableNotificationsAsync() =>
        _notifications = await Scripts.RequestNotificationsAsync();

    private async Task NewConversationAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewConversationDialog>("New conversation",
            new DialogParameters<NewConversationDialog> { { d => d.UserId, _userId! }, { d => d.IsEmployer, _isEmployer } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: Guid id })
        {
            Navigation.NavigateTo($"/conversations/{id}");
        }
    }

    private void BackToList() => Navigation.NavigateTo("/conversations");

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _userSubscription?.Dispose();
        _delivered?.Dispose();
        foreach (var subscription in _presenceSubscriptions.Values)
        {
            subscription.Dispose();
        }

        if (_visibilityWatch is not null)
        {
            try
            {
                await _visibilityWatch.InvokeVoidAsync("dispose");
                await _visibilityWatch.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The tab is gone.
            }
        }

        _selfReference?.Dispose();
    }
}
