using Messaging.Core.Messages;
using Microsoft.AspNetCore.Components;

namespace Messaging.Web.Components.Chat;

/// <summary>
/// Rich messages in the room: replies (with the composer's reply banner and the thread dialog), reactions, and
/// editing or deleting one's own messages. Changes come back through the bus as <c>MessageUpdated</c> for both sides.
/// </summary>
public sealed partial class ChatRoom : IMessageRoom
{
    private MessageView? _replyTo;

    [Inject] private MessageEditService Edits { get; set; } = default!;
    [Inject] private ReactionService ReactionToggle { get; set; } = default!;

    /// <summary>The message the next send answers, shown above the composer; only for the conversation on screen.</summary>
    private MessageView? ReplyingTo => _replyTo?.ConversationId == ConversationId ? _replyTo : null;

    private string NameOf(string? userId) =>
        userId is null ? "System"
        : userId == UserId ? "You"
        : userId == _session?.Details?.OtherUserId ? _session.Details.OtherName
        : "";

    private async Task StartReplyAsync(MessageView message)
    {
        _replyTo = message;
        await Scripts.SetReplyToAsync(ConversationId, message.Id);
    }

    private async Task CancelReplyAsync()
    {
        _replyTo = null;
        await Scripts.SetReplyToAsync(ConversationId, null);
    }

    private async Task<string?> SaveEditAsync(MessageView message, string text)
    {
        var result = await Edits.EditAsync(UserId, message.Id, text);
        if (!result.IsSuccess)
        {
            return result.Error!.Message;
        }

        _session?.Timeline.Replace(result.Value);
        return null;
    }

    private async Task DeleteAsync(MessageView message)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete this message?", "It will show as \"Message deleted\" for both of you. This can't be undone.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var result = await Edits.DeleteAsync(UserId, message.Id);
        if (result.IsSuccess)
        {
            _session?.Timeline.Replace(result.Value);
            if (_replyTo?.Id == message.Id)
            {
                await CancelReplyAsync();
            }
        }
        else
        {
            Snackbar.Add(result.Error!.Message, MudBlazor.Severity.Warning);
        }
    }

    private async Task ReactAsync(MessageView message, string emoji)
    {
        var result = await ReactionToggle.ToggleAsync(UserId, message.Id, emoji);
        if (result.IsSuccess)
        {
            _session?.Timeline.Replace(result.Value);
        }
        else
        {
            Snackbar.Add(result.Error!.Message, MudBlazor.Severity.Warning);
        }
    }

    private async Task OpenThreadAsync(MessageView message)
    {
        var dialog = await Dialogs.ShowAsync<ThreadDialog>(message.ReplyCount == 1 ? "1 reply" : $"{message.ReplyCount} replies",
            new MudBlazor.DialogParameters<ThreadDialog>
            {
                { d => d.UserId, UserId },
                { d => d.Original, message },
                { d => d.NameOf, NameOf },
            },
            new MudBlazor.DialogOptions { MaxWidth = MudBlazor.MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });
        if (await dialog.Result is { Canceled: false, Data: MessageView replyTo })
        {
            await StartReplyAsync(replyTo);
            StateHasChanged();
        }
    }

    /// <summary>Scrolls to the quoted message, loading older pages first when it is further back than what is shown.</summary>
    private async Task JumpToAsync(ReplyPreview original)
    {
        if (_session is not null)
        {
            await _session.ShowAsync(original.Sequence);
        }

        StateHasChanged();
        await Scripts.JumpToMessageAsync(original.Sequence);
    }

    // What the bubbles call. A bubble re-renders itself after its own event; these re-render the room as well, since
    // what they change (the reply banner, a replaced message, a loaded page) is the room's.
    string IMessageRoom.NameOf(string? userId) => NameOf(userId);

    string IMessageRoom.TimeOf(DateTime sentAt) => Clock.ToLocal(sentAt).ToString("HH:mm");

    TimeZoneInfo IMessageRoom.TimeZone => Clock.TimeZone;

    Task IMessageRoom.ReplyAsync(MessageView message) => ThenRenderAsync(StartReplyAsync(message));

    Task IMessageRoom.ReactAsync(MessageView message, string emoji) => ThenRenderAsync(ReactAsync(message, emoji));

    Task IMessageRoom.DeleteAsync(MessageView message) => ThenRenderAsync(DeleteAsync(message));

    Task IMessageRoom.ReportAsync(MessageView message) => ReportAsync(message);

    Task IMessageRoom.OpenThreadAsync(MessageView message) => ThenRenderAsync(OpenThreadAsync(message));

    Task IMessageRoom.JumpToAsync(ReplyPreview original) => JumpToAsync(original);

    async Task<string?> IMessageRoom.SaveEditAsync(MessageView message, string text)
    {
        var error = await SaveEditAsync(message, text);
        StateHasChanged();
        return error;
    }

    private async Task ThenRenderAsync(Task action)
    {
        await action;
        StateHasChanged();
    }
}
