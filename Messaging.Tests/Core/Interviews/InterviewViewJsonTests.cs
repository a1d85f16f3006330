using System.Text.Json;
using Messaging.Core.Interviews;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;

namespace Messaging.Tests.Core.Interviews;

/// <summary>An invitation's state crosses Redis as JSON inside its message view and still compares equal.</summary>
public class InterviewViewJsonTests
{
    [Fact]
    public void An_invitation_update_survives_a_JSON_round_trip_as_a_ChatEvent()
    {
        var conversation = new ConversationRef(Guid.NewGuid(), "dana", "alice");
        var start = new DateTime(2026, 11, 5, 10, 0, 0, DateTimeKind.Utc);
        var interview = new InterviewView(Guid.NewGuid(), [start, start.AddDays(1)], 45, "https://meet.example.com/abc", true, "Bring a CV",
            InterviewStatus.Accepted, 1, start.AddDays(-2), null);
        var message = new MessageView(Guid.NewGuid(), conversation.Id, 4, "alice", Guid.NewGuid(), MessageType.InterviewInvite,
            InterviewService.InvitationText, start.AddDays(-3), null, false, false, null, ModerationOutcome.Allow) { Interview = interview };
        ChatEvent update = new MessageUpdated(conversation, message);

        foreach (var options in new[] { JsonSerializerOptions.Default, new JsonSerializerOptions(JsonSerializerDefaults.Web) })
        {
            var copy = JsonSerializer.Deserialize<ChatEvent>(JsonSerializer.Serialize(update, options), options);
            Assert.Equal(update, copy);
            Assert.Equal(start.AddDays(1), ((MessageUpdated)copy!).Message.Interview!.AcceptedStart);
        }

        Assert.NotEqual(update, new MessageUpdated(conversation, message with { Interview = interview with { Status = InterviewStatus.Pending, AcceptedSlot = null } }));
    }
}
