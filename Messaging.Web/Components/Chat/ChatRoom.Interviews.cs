namespace Messaging.Web.Components.Chat;

/// <summary>
/// Interview invitations from the room: the employer opens the invitation dialog. The invitation, the candidate's
/// answer and its system note come back through the bus (<c>MessageCreated</c> / <c>MessageUpdated</c>) for both sides.
/// </summary>
public sealed partial class ChatRoom
{
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
}
