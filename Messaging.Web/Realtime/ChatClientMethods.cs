using Messaging.Core.Realtime;

namespace Messaging.Web.Realtime;

/// <summary>The client methods the hub calls; each receives the event record as its only argument.</summary>
public static class ChatClientMethods
{
    public const string MessageCreated = nameof(Core.Realtime.MessageCreated);
    public const string MessageUpdated = nameof(Core.Realtime.MessageUpdated);
    public const string ReadUpTo = nameof(Core.Realtime.ReadUpTo);
    public const string DeliveredUpTo = nameof(Core.Realtime.DeliveredUpTo);
    public const string Typing = "Typing";
    public const string ConversationChanged = nameof(Core.Realtime.ConversationChanged);

    /// <summary>No argument: events may have been missed (instances lost each other for a while); call Since for each open conversation.</summary>
    public const string Resync = "Resync";

    /// <summary>The client method for an event, or null for events hub clients do not get.</summary>
    public static string? For(ChatEvent chatEvent) => chatEvent switch
    {
        Core.Realtime.MessageCreated => MessageCreated,
        Core.Realtime.MessageUpdated => MessageUpdated,
        Core.Realtime.ReadUpTo => ReadUpTo,
        Core.Realtime.DeliveredUpTo => DeliveredUpTo,
        TypingChanged => Typing,
        Core.Realtime.ConversationChanged => ConversationChanged,
        _ => null,
    };
}
