using Messaging.Core.Common;
using Messaging.Core.Realtime;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Core;

/// <summary>Read and delivered pointers: forward only, never past the last message, broadcast when they move.</summary>
public class ReceiptServiceTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkRead_moves_forward_only_and_never_past_the_last_message(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await SendFromEmployerAsync(chat, 5);

        Assert.Equal(3, ChatScenario.Ok(await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 3)));
        Assert.Equal(3, ChatScenario.Ok(await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 2)));
        Assert.Equal(5, ChatScenario.Ok(await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 99)));

        var stored = await chat.StoredConversationAsync();
        Assert.Equal(5, stored.CandidateReadSequence);
        Assert.Equal(5, stored.CandidateDeliveredSequence);
        var employerView = ChatScenario.Ok(await chat.Lists.GetAsync(chat.EmployerId, chat.ConversationId));
        Assert.Equal(5, employerView.OtherReadSequence);
        Assert.Equal(5, employerView.OtherDeliveredSequence);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkRead_also_marks_delivered_but_never_moves_delivered_back(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await SendFromEmployerAsync(chat, 5);

        ChatScenario.Ok(await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 2));
        Assert.Equal(2, (await chat.StoredConversationAsync()).CandidateDeliveredSequence);

        ChatScenario.Ok(await chat.Receipts.MarkDeliveredAsync(chat.CandidateId, chat.ConversationId, 5));
        ChatScenario.Ok(await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 3));

        var stored = await chat.StoredConversationAsync();
        Assert.Equal(3, stored.CandidateReadSequence);
        Assert.Equal(5, stored.CandidateDeliveredSequence);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkRead_publishes_ReadUpTo_only_when_the_pointer_moves(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await SendFromEmployerAsync(chat, 5);
        using var room = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));

        await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 3);
        var first = await room.WaitForAsync<ReadUpTo>(e => e.Sequence == 3);
        await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 3);
        await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 1);
        await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 50);
        await room.WaitForAsync<ReadUpTo>(e => e.Sequence == 5);
        await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 50);

        Assert.Equal(chat.CandidateId, first.UserId);
        Assert.Equal(chat.ConversationId, first.Conversation.Id);
        await room.SettleAsync();
        Assert.Equal([3L, 5L], room.All<ReadUpTo>().Select(e => e.Sequence));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkDelivered_moves_forward_only_never_past_the_last_message_and_publishes_DeliveredUpTo(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await SendFromEmployerAsync(chat, 4);
        using var room = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));

        Assert.Equal(2, ChatScenario.Ok(await chat.Receipts.MarkDeliveredAsync(chat.CandidateId, chat.ConversationId, 2)));
        Assert.Equal(2, ChatScenario.Ok(await chat.Receipts.MarkDeliveredAsync(chat.CandidateId, chat.ConversationId, 1)));
        Assert.Equal(4, ChatScenario.Ok(await chat.Receipts.MarkDeliveredAsync(chat.CandidateId, chat.ConversationId, 40)));
        Assert.Equal(4, ChatScenario.Ok(await chat.Receipts.MarkDeliveredAsync(chat.CandidateId, chat.ConversationId, 40)));

        var delivered = await room.WaitForAsync<DeliveredUpTo>(e => e.Sequence == 4);
        Assert.Equal(chat.CandidateId, delivered.UserId);
        await room.SettleAsync();
        Assert.Equal([2L, 4L], room.All<DeliveredUpTo>().Select(e => e.Sequence));
        Assert.Empty(room.All<ReadUpTo>());
        var stored = await chat.StoredConversationAsync();
        Assert.Equal(4, stored.CandidateDeliveredSequence);
        Assert.Equal(0, stored.CandidateReadSequence);
        Assert.Equal(4, (await chat.ListEntryAsync(chat.CandidateId))!.UnreadCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkRead_brings_the_unread_count_to_zero(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await SendFromEmployerAsync(chat, 5);
        Assert.Equal(5, (await chat.ListEntryAsync(chat.CandidateId))!.UnreadCount);

        await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 2);
        Assert.Equal(3, (await chat.ListEntryAsync(chat.CandidateId))!.UnreadCount);
        Assert.Single(await chat.Lists.ListAsync(chat.CandidateId, new(UnreadOnly: true)));

        await chat.Receipts.MarkReadAsync(chat.CandidateId, chat.ConversationId, 5);
        Assert.Equal(0, (await chat.ListEntryAsync(chat.CandidateId))!.UnreadCount);
        Assert.Empty(await chat.Lists.ListAsync(chat.CandidateId, new(UnreadOnly: true)));
        Assert.Equal(0, (await chat.ListEntryAsync(chat.EmployerId))!.UnreadCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Receipts_from_an_outsider_are_refused_with_NotParticipant(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await SendFromEmployerAsync(chat, 2);
        var outsider = await ChatScenario.RegisterCandidateAsync(database, "eve@example.com", "Eve Outsider");
        using var room = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));

        ChatScenario.Fails(await chat.Receipts.MarkReadAsync(outsider, chat.ConversationId, 2), ErrorCode.NotParticipant);
        ChatScenario.Fails(await chat.Receipts.MarkDeliveredAsync(outsider, chat.ConversationId, 2), ErrorCode.NotParticipant);

        await room.SettleAsync();
        Assert.Empty(room.Events);
        var stored = await chat.StoredConversationAsync();
        Assert.Equal(0, stored.CandidateReadSequence);
        Assert.Equal(0, stored.CandidateDeliveredSequence);
    }

    private static async Task SendFromEmployerAsync(ChatScenario chat, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await chat.SendAsync(chat.EmployerId, $"Message {i}");
        }
    }
}
