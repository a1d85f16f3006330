using Messaging.Core.Common;
using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Core;

/// <summary>Sending messages: validation, idempotent retries, participants only, blocking, read pointers, broadcast.</summary>
public class MessageServiceTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SendMessage_stores_messages_with_sequences_1_2_3(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);

        var first = await chat.SendAsync(chat.CandidateId, "Hello");
        var second = await chat.SendAsync(chat.EmployerId, "Hi Dana");
        var third = await chat.SendAsync(chat.CandidateId, "  Are you hiring?  ");

        Assert.Equal([1L, 2L, 3L], [first.Sequence, second.Sequence, third.Sequence]);
        Assert.Equal("Are you hiring?", third.Body);
        Assert.Equal(chat.EmployerId, second.SenderId);
        var stored = await chat.StoredMessagesAsync();
        Assert.Equal([1L, 2L, 3L], stored.Select(m => m.Sequence));
        Assert.Equal(["Hello", "Hi Dana", "Are you hiring?"], stored.Select(chat.BodyOf));
        Assert.Equal([first.Id, second.Id, third.Id], stored.Select(m => m.Id));
        Assert.Equal(3, (await chat.StoredConversationAsync()).LastSequence);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SendMessage_with_empty_or_whitespace_text_is_refused_with_Empty(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);

        foreach (var text in new[] { null, "", "   ", "\r\n\t " })
        {
            ChatScenario.Fails(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), text), ErrorCode.Empty);
        }

        Assert.Empty(await chat.StoredMessagesAsync());
        Assert.Equal(0, (await chat.StoredConversationAsync()).LastSequence);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SendMessage_accepts_2000_characters_and_refuses_2001_with_TooLong(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);

        var tooLong = await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), new string('x', Message.MaxLength + 1));
        var longest = await chat.SendAsync(chat.CandidateId, new string('y', Message.MaxLength));

        ChatScenario.Fails(tooLong, ErrorCode.TooLong);
        Assert.Equal(2000, Message.MaxLength);
        Assert.Equal(1, longest.Sequence);
        var stored = Assert.Single(await chat.StoredMessagesAsync());
        Assert.Equal(2000, chat.BodyOf(stored)!.Length);
    }

    [Fact]
    public async Task Half_an_emoji_is_refused_with_the_reason_and_a_whole_one_is_sent()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);

        var broken = await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), "Thanks \ud83d see you");
        var whole = await chat.SendAsync(chat.CandidateId, "Thanks \ud83d\ude00 see you");

        ChatScenario.Fails(broken, ErrorCode.Invalid);
        Assert.Equal(MessageErrors.BrokenCharacters.Message, broken.Error!.Message);
        Assert.Equal("Thanks 😀 see you", whole.Body);
        Assert.Single(await chat.StoredMessagesAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_retry_that_the_rate_limit_would_refuse_still_gets_the_stored_message(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var firstId = Guid.NewGuid();
        var first = ChatScenario.Ok(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, firstId, "Message 0"));
        for (var i = 1; i < 30; i++)
        {
            ChatScenario.Ok(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), $"Message {i}"));
        }

        ChatScenario.Fails(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), "One too many"), ErrorCode.RateLimited);
        var retry = ChatScenario.Ok(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, firstId, "Message 0"));

        Assert.Equal((first.Id, first.Sequence, "Message 0"), (retry.Id, retry.Sequence, retry.Body));
        Assert.Equal(30, (await chat.StoredMessagesAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SendMessage_with_same_client_id_returns_the_stored_message(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var clientId = Guid.NewGuid();
        var original = ChatScenario.Ok(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, clientId, "Hello"));
        using var probe = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));

        var retry = ChatScenario.Ok(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, clientId, "Hello"));
        var retryWithOtherText = ChatScenario.Ok(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, clientId, "Hello again"));

        Assert.Equal(original.Id, retry.Id);
        Assert.Equal(original.Sequence, retry.Sequence);
        Assert.Equal(original.Id, retryWithOtherText.Id);
        Assert.Equal("Hello", retryWithOtherText.Body);
        Assert.Single(await chat.StoredMessagesAsync());
        Assert.Equal(1, (await chat.StoredConversationAsync()).LastSequence);
        await probe.SettleAsync();
        Assert.Empty(probe.All<MessageCreated>());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SendMessage_reusing_a_client_id_of_the_other_participant_stores_a_new_message(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var clientId = Guid.NewGuid();

        var fromCandidate = ChatScenario.Ok(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, clientId, "Hello"));
        var fromEmployer = ChatScenario.Ok(await chat.Messages.SendAsync(chat.EmployerId, chat.ConversationId, clientId, "Hi"));

        Assert.NotEqual(fromCandidate.Id, fromEmployer.Id);
        Assert.Equal(2, fromEmployer.Sequence);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SendMessage_by_an_outsider_is_refused_with_NotParticipant_and_stores_nothing(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var outsider = await ChatScenario.RegisterCandidateAsync(database, "eve@example.com", "Eve Outsider");
        using var probe = new EventProbe(chat.Bus, ChatTopics.All);

        var intoTheirs = await chat.Messages.SendAsync(outsider, chat.ConversationId, Guid.NewGuid(), "Let me in");
        var intoUnknown = await chat.Messages.SendAsync(chat.CandidateId, Guid.NewGuid(), Guid.NewGuid(), "Anyone?");

        ChatScenario.Fails(intoTheirs, ErrorCode.NotParticipant);
        ChatScenario.Fails(intoUnknown, ErrorCode.NotParticipant);
        Assert.Empty(await chat.StoredMessagesAsync());
        Assert.Equal(0, (await chat.StoredConversationAsync()).LastSequence);
        await probe.SettleAsync();
        Assert.Empty(probe.Events);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SendMessage_into_a_blocked_conversation_is_refused_with_Blocked(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        await chat.SendAsync(chat.CandidateId, "Hello");
        ChatScenario.Ok(await chat.Conversations.SetBlockedAsync(chat.EmployerId, chat.ConversationId, blocked: true));

        var fromCandidate = await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), "Hello?");
        var fromBlocker = await chat.Messages.SendAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), "Bye");

        ChatScenario.Fails(fromCandidate, ErrorCode.Blocked);
        ChatScenario.Fails(fromBlocker, ErrorCode.Blocked);
        Assert.Single(await chat.StoredMessagesAsync());
        Assert.Equal(1, (await chat.StoredConversationAsync()).LastSequence);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SendMessage_moves_the_senders_read_pointer_so_the_sender_has_nothing_unread(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);

        await chat.SendAsync(chat.CandidateId, "Hello");
        await chat.SendAsync(chat.CandidateId, "Are you there?");

        Assert.Equal(0, (await chat.ListEntryAsync(chat.CandidateId))!.UnreadCount);
        Assert.Equal(2, (await chat.ListEntryAsync(chat.EmployerId))!.UnreadCount);

        await chat.SendAsync(chat.EmployerId, "Yes, hi!");

        Assert.Equal(0, (await chat.ListEntryAsync(chat.EmployerId))!.UnreadCount);
        Assert.Equal(1, (await chat.ListEntryAsync(chat.CandidateId))!.UnreadCount);
        var stored = await chat.StoredConversationAsync();
        Assert.Equal(3, stored.EmployerReadSequence);
        Assert.Equal(3, stored.EmployerDeliveredSequence);
        Assert.Equal(2, stored.CandidateReadSequence);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SendMessage_publishes_MessageCreated_on_the_conversation_topic(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        using var room = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));
        using var employerList = new EventProbe(chat.Bus, ChatTopics.User(chat.EmployerId));

        var sent = await chat.SendAsync(chat.CandidateId, "Hello");

        var created = await room.WaitForAsync<MessageCreated>();
        Assert.Equal(sent, created.Message);
        Assert.Equal(chat.ConversationId, created.Conversation.Id);
        Assert.Equal(chat.CandidateId, created.Conversation.CandidateId);
        Assert.Equal(chat.EmployerId, created.Conversation.EmployerId);
        Assert.Equal(sent.Id, (await employerList.WaitForAsync<MessageCreated>()).Message.Id);
        await room.SettleAsync();
        Assert.Single(room.All<MessageCreated>());
    }
}
