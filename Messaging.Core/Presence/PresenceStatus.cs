namespace Messaging.Core.Presence;

public enum PresenceStatus
{
    Offline = 0,
    /// <summary>Connected, but no tab of the user is visible.</summary>
    Away = 1,
    Online = 2,
}
