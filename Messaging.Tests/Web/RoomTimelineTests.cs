using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Web.Components.Chat;

namespace Messaging.Tests.Web;

public class RoomTimelineTests
{
    [Fact]
    public void Appending_the_next_sequence_adds_it_and_an_old_one_is_ignored()
    {
        var timeline = new RoomTimeline();
        timeline.Reset([Message(1), Message(2)], 2, 0, 0);

        Assert.True(timeline.TryAppend(Message(3)));
        Assert.True(timeline.TryAppend(Message(2)));
        Assert.True(timeline.TryAppend(Message(3)));

        Assert.Equal([1L, 2L, 3L], timeline.Messages.Select(m => m.Sequence));
        Assert.Equal(3, timeline.LastSequence);
    }

    [Fact]
    public void A_message_that_skips_a_sequence_is_refused_so_the_room_catches_up()
    {
        var timeline = new RoomTimeline();
        timeline.Reset([Message(1)], 1, 0, 0);

        Assert.False(timeline.TryAppend(Message(3)));

        Assert.Equal(1, timeline.LastSequence);
        Assert.Single(timeline.Messages);
    }

    [Fact]
    public void A_confirmed_message_leaves_the_pending_list()
    {
        var timeline = new RoomTimeline();
        timeline.Reset([], 0, 0, 0);
        var message = Message(1);
        timeline.AddPending(message.ClientMessageId, "hi");

        timeline.TryAppend(message);

        Assert.Empty(timeline.Pending);
    }

    [Fact]
    public void Older_pages_go_in_front_without_doubles()
    {
        var timeline = new RoomTimeline();
        timeline.Reset([Message(3), Message(4)], 4, 0, 0);

        timeline.Prepend([Message(1), Message(2), Message(3)], pageSize: 3);

        Assert.Equal([1L, 2L, 3L, 4L], timeline.Messages.Select(m => m.Sequence));
        Assert.False(timeline.HasOlder);
    }

    [Theory]
    [InlineData(5, 3, 1, DeliveryStatus.Sent)]
    [InlineData(3, 1, 3, DeliveryStatus.Delivered)]
    [InlineData(1, 1, 3, DeliveryStatus.Read)]
    public void Status_follows_the_other_sides_pointers(long sequence, long read, long delivered, DeliveryStatus expected)
    {
        var timeline = new RoomTimeline();
        timeline.Reset([], 0, read, delivered);

        Assert.Equal(expected, timeline.StatusOf(sequence));
    }

    [Fact]
    public void Pointers_never_move_back()
    {
        var timeline = new RoomTimeline();
        timeline.Reset([], 0, 4, 4);

        timeline.OtherReadUpTo(2);
        timeline.OtherDeliveredUpTo(1);
        timeline.OtherReadUpTo(6);

        Assert.Equal(6, timeline.OtherRead);
        Assert.Equal(6, timeline.OtherDelivered);
    }

    [Fact]
    public void Replacing_a_message_updates_the_quotes_of_its_replies()
    {
        var original = Message(1) with { Body = "Thursday?" };
        var reply = Message(2) with { ReplyToId = original.Id, ReplyTo = ReplyPreview.From(original) };
        var timeline = new RoomTimeline();
        timeline.Reset([original, reply], 2, 0, 0);

        timeline.Replace(original with { Body = "Friday?", EditedAt = DateTime.UtcNow });
        Assert.Equal("Friday?", timeline.Messages[1].ReplyTo?.Snippet);

        timeline.Replace(original with { Body = null, IsDeleted = true });
        Assert.Null(timeline.Messages[1].ReplyTo?.Snippet);
        Assert.Equal(original.Id, timeline.Messages[1].ReplyTo?.Id);
    }

    [Fact]
    public void Scrolling_back_past_the_window_drops_the_newest_and_live_messages_are_counted_not_added()
    {
        const long latest = 1_000;
        var timeline = new RoomTimeline();
        timeline.Reset(Range(latest - 49, latest), latest, 0, 0);

        for (var end = latest - 50; end > latest - 500; end -= 50)
        {
            timeline.Prepend(Range(end - 49, end), 50);
        }

        Assert.Equal(RoomTimeline.MaxMessages, timeline.Messages.Count);
        Assert.True(timeline.HasNewer);
        Assert.True(timeline.HasOlder);
        Assert.Equal(timeline.Messages[^1].Sequence, timeline.LastSequence);
        Assert.Equal(timeline.LastSequence - timeline.Messages[0].Sequence + 1, timeline.Messages.Count); // still gap-free

        Assert.True(timeline.TryAppend(Message(latest + 1))); // counted, not shown, no catch-up
        Assert.DoesNotContain(timeline.Messages, m => m.Sequence == latest + 1);
        Assert.Equal(latest + 1 - timeline.LastSequence, timeline.NewerCount);
    }

    [Fact]
    public void Scrolling_down_again_slides_the_window_and_ends_following_the_newest()
    {
        var timeline = new RoomTimeline();
        timeline.ResetAround(Range(101, 200), latestSequence: 260);
        Assert.True(timeline.HasNewer);

        timeline.AppendNewer(Range(201, 250));
        Assert.True(timeline.HasNewer);
        Assert.Equal(RoomTimeline.MaxMessages, timeline.Messages.Count);
        Assert.Equal(101, timeline.Messages[0].Sequence);

        timeline.AppendNewer(Range(252, 260)); // not right after the window: ignored
        Assert.Equal(250, timeline.LastSequence);
        timeline.AppendNewer(Range(251, 260));

        Assert.False(timeline.HasNewer);
        Assert.Equal(260, timeline.LastSequence);
        Assert.Equal(RoomTimeline.MaxMessages, timeline.Messages.Count);
        Assert.Equal(111, timeline.Messages[0].Sequence);
        Assert.True(timeline.TryAppend(Message(261)));
        Assert.Equal(261, timeline.LastSequence);
        Assert.Equal(RoomTimeline.MaxMessages, timeline.Messages.Count);
    }

    [Fact]
    public void An_older_page_that_no_longer_ends_where_the_window_starts_is_ignored_so_no_gap_opens()
    {
        var timeline = new RoomTimeline();
        timeline.Reset(Range(101, 250), 250, 0, 0); // a full window
        Assert.True(timeline.TryAppend(Message(251))); // live: the oldest (101) leaves while 51..100 is on its way

        timeline.Prepend(Range(51, 100), 50);

        Assert.Equal(102, timeline.Messages[0].Sequence);
        Assert.Equal(timeline.LastSequence - timeline.Messages[0].Sequence + 1, timeline.Messages.Count);
        timeline.Prepend(Range(52, 101), 50); // asked again from the window's new start
        Assert.Equal(52, timeline.Messages[0].Sequence);
        Assert.Equal(timeline.LastSequence - timeline.Messages[0].Sequence + 1, timeline.Messages.Count);
    }

    private static List<MessageView> Range(long first, long last) => [.. Enumerable.Range((int)first, (int)(last - first + 1)).Select(i => Message(i))];

    private static MessageView Message(long sequence) =>
        new(Guid.NewGuid(), Guid.Empty, sequence, "me", Guid.NewGuid(), MessageType.Text, $"m{sequence}", DateTime.UtcNow, null, false, false, null, ModerationOutcome.Allow);
}
