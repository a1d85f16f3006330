namespace Messaging.Core.Messages;

public enum MessageType
{
    Text = 0,
    File = 1,
    System = 2,
    InterviewInvite = 3,
    StatusUpdate = 4,
}
