using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Messaging.Web.Components.Pages;

namespace Messaging.Tests.Web;

/// <summary>The list updates its rows from events instead of querying again, and asks for a reload when it cannot tell.</summary>
public class ConversationRowsTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly ConversationFilter Inbox = ConversationFilter.All;

    private readonly ConversationSummary _first = Row("Bruno", lastSequence: 4, unread: 0, Now.AddHours(-1));
    private readonly ConversationSummary _second = Row("Chloé", lastSequence: 7, unread: 2, Now.AddHours(-2));

    [Fact]
    public void A_message_from_the_other_side_moves_its_row_to_the_top_with_its_preview_time_and_one_more_unread()
    {
        var message = Message(_second, 8, "other", "Are you free\non Thursday?");

        var rows = ConversationRows.Apply([_first, _second], Created(_second, message), "me", Inbox, Now);

        Assert.NotNull(rows);
        Assert.Equal([_second.Id, _first.Id], rows.Select(r => r.Id));
        Assert.Equal("Are you free on Thursday?", rows[0].LastMessagePreview);
        Assert.Equal((8L, 3L, message.CreatedAt, "other"), (rows[0].LastSequence, rows[0].UnreadCount, rows[0].LastActivityAt, rows[0].LastMessageSenderId));
        Assert.Same(_first, rows[1]);
    }

    [Fact]
    public void Ones_own_message_clears_the_unread_count_and_a_duplicate_changes_nothing()
    {
        var mine = Message(_second, 8, "me", "Yes");
        var rows = ConversationRows.Apply([_first, _second], Created(_second, mine), "me", Inbox, Now)!;

        Assert.Equal(0, rows[0].UnreadCount);
        Assert.Same(rows, ConversationRows.Apply(rows, Created(_second, mine), "me", Inbox, Now));
    }

    [Fact]
    public void Reading_sets_the_unread_count_from_the_sequences_and_the_other_sides_receipts_change_nothing()
    {
        IReadOnlyList<ConversationSummary> list = [_first, _second];

        var rows = ConversationRows.Apply(list, new ReadUpTo(Ref(_second), "me", 6), "me", Inbox, Now)!;

        Assert.Equal(1, rows[1].UnreadCount);
        Assert.Same(list, ConversationRows.Apply(list, new ReadUpTo(Ref(_second), "other", 7), "me", Inbox, Now));
        Assert.Same(list, ConversationRows.Apply(list, new DeliveredUpTo(Ref(_second), "other", 7), "me", Inbox, Now));
    }

    [Fact]
    public void An_edit_of_the_last_message_changes_the_preview_and_an_older_one_does_not()
    {
        IReadOnlyList<ConversationSummary> list = [_first, _second];

        var rows = ConversationRows.Apply(list, new MessageUpdated(Ref(_first), Message(_first, 4, "me", "Edited") with { IsDeleted = true, Body = null }), "me", Inbox, Now)!;

        Assert.Equal("Message deleted", rows[0].LastMessagePreview);
        Assert.Same(list, ConversationRows.Apply(list, new MessageUpdated(Ref(_first), Message(_first, 3, "me", "Old")), "me", Inbox, Now));
    }

    [Fact]
    public void What_the_event_cannot_settle_asks_for_a_reload()
    {
        IReadOnlyList<ConversationSummary> list = [_first, _second];
        var unknown = _first with { Id = Guid.NewGuid() };

        Assert.Null(ConversationRows.Apply(list, Created(unknown, Message(unknown, 1, "other", "Hi")), "me", Inbox, Now)); // a new conversation
        Assert.Null(ConversationRows.Apply(list, Created(_first, Message(_first, 6, "other", "Hi")), "me", Inbox, Now)); // 5 was missed
        Assert.Null(ConversationRows.Apply(list, Created(_first, Message(_first, 5, "other", "Hi")), "me", Inbox with { Archived = true }, Now));
        Assert.Null(ConversationRows.Apply(list, new ConversationChanged(Ref(_first)), "me", Inbox, Now));
        Assert.Null(ConversationRows.Apply(list, new ReadUpTo(Ref(_second), "me", 7), "me", Inbox with { UnreadOnly = true }, Now));
    }

    private static ConversationSummary Row(string name, long lastSequence, long unread, DateTime lastActivity) =>
        new(Guid.NewGuid(), "other", name, null, null, null, ConversationStatus.Active, false, "Earlier", "other", lastActivity, lastSequence, unread);

    private static ConversationRef Ref(ConversationSummary row) => new(row.Id, "me", "other");

    private static MessageCreated Created(ConversationSummary row, MessageView message) => new(Ref(row), message);

    private static MessageView Message(ConversationSummary row, long sequence, string senderId, string body) =>
        new(Guid.NewGuid(), row.Id, sequence, senderId, Guid.NewGuid(), MessageType.Text, body, Now, null, false, false, null, ModerationOutcome.Allow);
}
