using Messaging.Core.Common;
using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Core;

/// <summary>Reactions: toggling, counts and who reacted, the allow-list, participants only.</summary>
public class ReactionServiceTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Toggle_adds_and_removes_and_counts_who_reacted(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var sent = await chat.SendAsync(chat.CandidateId, "I got the job!");
        var reactions = chat.Get<ReactionService>();
        using var probe = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));

        ChatScenario.Ok(await reactions.ToggleAsync(chat.EmployerId, sent.Id, "🎉"));
        database.Time.Advance(TimeSpan.FromSeconds(1));
        ChatScenario.Ok(await reactions.ToggleAsync(chat.CandidateId, sent.Id, "🎉"));
        var view = ChatScenario.Ok(await reactions.ToggleAsync(chat.EmployerId, sent.Id, "👍"));

        Assert.Equal(["👍", "🎉"], view.Reactions.Select(r => r.Emoji));
        var party = view.Reactions.Single(r => r.Emoji == "🎉");
        Assert.Equal(2, party.Count);
        Assert.Equal([chat.EmployerId, chat.CandidateId], party.UserIds);
        await probe.SettleAsync();
        Assert.Equal(3, probe.All<MessageUpdated>().Count);
        Assert.Equal(view, probe.All<MessageUpdated>()[^1].Message);

        var after = ChatScenario.Ok(await reactions.ToggleAsync(chat.EmployerId, sent.Id, "🎉"));

        Assert.Equal([("👍", 1), ("🎉", 1)], after.Reactions.Select(r => (r.Emoji, r.Count)));
        var history = ChatScenario.Ok(await chat.History.HistoryAsync(chat.CandidateId, chat.ConversationId, null, 10));
        Assert.Equal([chat.CandidateId], Assert.Single(history).Reactions.Single(r => r.Emoji == "🎉").UserIds);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Only_participants_react_with_an_allowed_emoji_on_a_live_message(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var sent = await chat.SendAsync(chat.CandidateId, "Hello");
        var outsider = await ChatScenario.RegisterCandidateAsync(database, "eve@example.com", "Eve");
        var reactions = chat.Get<ReactionService>();
        using var probe = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));

        ChatScenario.Fails(await reactions.ToggleAsync(outsider, sent.Id, "👍"), ErrorCode.NotFound);
        ChatScenario.Fails(await reactions.ToggleAsync(chat.EmployerId, sent.Id, "💩"), ErrorCode.Invalid);
        ChatScenario.Fails(await reactions.ToggleAsync(chat.EmployerId, sent.Id, "<b>x</b>"), ErrorCode.Invalid);
        ChatScenario.Fails(await reactions.ToggleAsync(chat.EmployerId, Guid.NewGuid(), "👍"), ErrorCode.NotFound);
        await probe.SettleAsync();
        Assert.Empty(probe.Events);

        ChatScenario.Ok(await chat.Get<MessageEditService>().DeleteAsync(chat.CandidateId, sent.Id));
        ChatScenario.Fails(await reactions.ToggleAsync(chat.EmployerId, sent.Id, "👍"), ErrorCode.Invalid);
    }
}
