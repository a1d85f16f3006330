namespace Messaging.Web.Components.Chat;

/// <summary>The ticks on one's own message: stored, on the other side's device, read by them.</summary>
public enum DeliveryStatus
{
    Sending,
    Sent,
    Delivered,
    Read,
}
