namespace Messaging.Core.Conversations;

public enum ConversationStatus
{
    Active = 0,
    /// <summary>Blocked by a participant or an admin: nobody can send until it is unblocked.</summary>
    Blocked = 1,
}
