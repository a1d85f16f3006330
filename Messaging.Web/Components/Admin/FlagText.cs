using Messaging.Core.Moderation;
using MudBlazor;

namespace Messaging.Web.Components.Admin;

/// <summary>Words for flag enums, shared by the queue, the review page and the dashboard.</summary>
public static class FlagText
{
    public static string Reason(FlagReason reason) => reason switch
    {
        FlagReason.PersonalInfo => "Personal info",
        FlagReason.BlockedContent => "Blocked content",
        _ => reason.ToString(),
    };

    public static string Source(FlagSource source) => source == FlagSource.UserReport ? "User report" : "Automatic";

    public static Color StatusColor(FlagStatus status) => status switch
    {
        FlagStatus.Open => Color.Warning,
        FlagStatus.Dismissed => Color.Default,
        _ => Color.Success,
    };

    public static string Status(FlagStatus status) => status == FlagStatus.ActionTaken ? "Action taken" : status.ToString();
}
