using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Microsoft.AspNetCore.Components;

namespace Messaging.Web.Components.Chat;

/// <summary>
/// The chat room component: it creates the <see cref="RoomSession"/> of the conversation on screen, renders it, and
/// turns the user's actions (send, search, archive, block, report, invite) into calls on it and on the services.
/// </summary>
public sealed partial class ChatRoom : IDisposable
{
    private RoomSession? _session;
    private bool _searchOpen;
    private HashSet<Guid> _highlighted = [];

    [Inject] private RoomServices Services { get; set; } = default!;
    [Inject] private ConversationService Conversations { get; set; } = default!;
    [Inject] private ClientClock Clock { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private Circuits.BrowserScripts Scripts { get; set; } = default!;
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

    protected override async Task OnParametersSetAsync()
    {
        if (_session?.ConversationId != ConversationId || _session.UserId != UserId)
        {
            _session?.Dispose();
            (_searchOpen, _highlighted, _replyTo) = (false, [], null);
            _session = new RoomSession(Services, UserId, ConversationId, work => InvokeAsync(work), StateHasChanged) { PageVisible = PageVisible };
            await _session.LoadAsync();
        }
        else
        {
            _session.PageVisible = PageVisible;
            if (PageVisible)
            {
                await _session.MarkReadAsync();
            }
        }
    }

    private async Task<SendOutcome> SendAsync(OutgoingMessage message)
    {
        if (_session is null)
        {
            return new SendOutcome(true, "This message could not be sent.");
        }

        if (message.ReplyTo is { } replyTo && _replyTo?.Id == replyTo)
        {
            _replyTo = null;
        }

        var outcome = await _session.SendAsync(message.ClientMessageId, message.Text, message.ReplyTo);
        if (outcome.Rejected && _replyTo is null && message.ReplyTo is { } answered)
        {
            // The text goes back to the composer (the script does that); so does what it answered.
            _replyTo = _session.Timeline.Messages.FirstOrDefault(m => m.Id == answered);
        }

        StateHasChanged();
        return outcome;
    }

    /// <summary>Shows a search result: loads older pages until it is in view (bounded), then scrolls to it.</summary>
    private async Task JumpToAsync(MessageView message)
    {
        if (_session is null)
        {
            return;
        }

        await _session.ShowAsync(message.Sequence);
        StateHasChanged();
        await Task.Yield();
        await Scripts.JumpToMessageAsync(message.Sequence);
    }

    private void ToggleSearch() => _searchOpen = !_searchOpen;

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

    private async Task InviteToInterviewAsync()
    {
        var dialog = await Dialogs.ShowAsync<InterviewDialog>("Invite to interview",
            new MudBlazor.DialogParameters<InterviewDialog>
            {
                { d => d.UserId, UserId },
                { d => d.ConversationId, ConversationId },
            },
            new MudBlazor.DialogOptions { MaxWidth = MudBlazor.MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Invitation sent.", MudBlazor.Severity.Success);
        }
    }

    private Task SetArchivedAsync(bool archived) => Conversations.SetArchivedAsync(UserId, ConversationId, archived);

    private async Task SetBlockedAsync(bool blocked)
    {
        var result = await Conversations.SetBlockedAsync(UserId, ConversationId, blocked);
        if (!result.IsSuccess && _session is not null)
        {
            _session.SendError = result.Error!.Message;
        }
    }

    public void Dispose() => _session?.Dispose();
}
