using Messaging.Core.Common;
using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Core;

/// <summary>Replies: the answered message must be a live one of the same conversation; threads list the replies.</summary>
public class ReplyTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_reply_quotes_the_original_and_the_original_counts_its_replies(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var question = await chat.SendAsync(chat.EmployerId, "Are you free on Thursday?");
        await chat.SendAsync(chat.EmployerId, "Or Friday?");
        using var probe = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));

        var reply = ChatScenario.Ok(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), "Thursday works", question.Id));
        var second = ChatScenario.Ok(await chat.Messages.SendAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), "Great", question.Id));

        Assert.Equal(question.Id, reply.ReplyToId);
        Assert.Equal(new ReplyPreview(question.Id, question.Sequence, chat.EmployerId, "Are you free on Thursday?"), reply.ReplyTo);
        await probe.SettleAsync();
        Assert.Equal(reply, probe.All<MessageCreated>()[0].Message);
        var parentUpdates = probe.All<MessageUpdated>().Where(u => u.Message.Id == question.Id).ToList();
        Assert.Equal([1, 2], parentUpdates.Select(u => u.Message.ReplyCount));

        var history = ChatScenario.Ok(await chat.History.HistoryAsync(chat.CandidateId, chat.ConversationId, null, 2));
        Assert.Equal(["Thursday works", "Great"], history.Select(m => m.Body));
        Assert.All(history, m => Assert.Equal("Are you free on Thursday?", m.ReplyTo?.Snippet));
        var all = ChatScenario.Ok(await chat.History.HistoryAsync(chat.CandidateId, chat.ConversationId, null, 10));
        Assert.Equal(2, all[0].ReplyCount);

        var thread = ChatScenario.Ok(await chat.History.RepliesAsync(chat.CandidateId, question.Id));
        Assert.Equal([reply.Id, second.Id], thread.Select(m => m.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_reply_to_another_conversation_or_a_deleted_message_is_refused(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var otherCandidate = await ChatScenario.RegisterCandidateAsync(database, "eve@example.com", "Eve");
        var otherConversation = ChatScenario.Ok(await chat.Conversations.StartAsync(otherCandidate, chat.EmployerId, null));
        var elsewhere = ChatScenario.Ok(await chat.Messages.SendAsync(otherCandidate, otherConversation, Guid.NewGuid(), "Secret"));
        var gone = await chat.SendAsync(chat.EmployerId, "Never mind");
        ChatScenario.Ok(await chat.Get<MessageEditService>().DeleteAsync(chat.EmployerId, gone.Id));

        ChatScenario.Fails(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), "Hi", elsewhere.Id), ErrorCode.Invalid);
        ChatScenario.Fails(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), "Hi", Guid.NewGuid()), ErrorCode.Invalid);
        ChatScenario.Fails(await chat.Messages.SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), "Hi", gone.Id), ErrorCode.Invalid);
        ChatScenario.Fails(await chat.History.RepliesAsync(chat.CandidateId, elsewhere.Id), ErrorCode.NotFound);

        Assert.Single(await chat.StoredMessagesAsync());
    }
}
