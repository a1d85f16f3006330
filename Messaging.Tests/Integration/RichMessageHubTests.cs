using Messaging.Core.Messages;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.Tests.Integration;

/// <summary>Replies, reactions, edits and deletes through the public hub, seen live by the other participant.</summary>
public sealed class RichMessageHubTests(MessagingAppFactory factory) : IClassFixture<MessagingAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly HubTestApp _app = new(factory);

    [Fact]
    public async Task Reply_react_edit_and_delete_reach_the_other_side_and_outsiders_are_refused()
    {
        var (employer, candidate, conversationId) = await _app.StartConversationAsync();
        await using var a = await _app.ConnectAsync(await _app.TokenAsync(employer), conversationId);
        await using var b = await _app.ConnectAsync(await _app.TokenAsync(candidate), conversationId);
        var question = await a.Hub.InvokeAsync<MessageView>("SendMessage", conversationId, Guid.NewGuid(), "Thursday?");

        var reply = await b.Hub.InvokeAsync<MessageView>("SendReply", conversationId, Guid.NewGuid(), "Thursday works", question.Id);
        Assert.Equal("Thursday?", reply.ReplyTo?.Snippet);
        var counted = await ReadUntilAsync(a.Updated, u => u.Message.Id == question.Id);
        Assert.Equal(1, counted.Message.ReplyCount);

        await b.Hub.InvokeAsync<MessageView>("React", question.Id, "👍");
        var reacted = await ReadUntilAsync(a.Updated, u => u.Message.Reactions.Count > 0);
        Assert.Equal(("👍", 1), (reacted.Message.Reactions[0].Emoji, reacted.Message.Reactions[0].Count));
        Assert.Equal([candidate.Id], reacted.Message.Reactions[0].UserIds);

        await b.Hub.InvokeAsync<MessageView>("EditMessage", reply.Id, "Thursday works, 10am?");
        var edited = await ReadUntilAsync(a.Updated, u => u.Message.Id == reply.Id);
        Assert.Equal("Thursday works, 10am?", edited.Message.Body);
        Assert.NotNull(edited.Message.EditedAt);

        await b.Hub.InvokeAsync<MessageView>("DeleteMessage", reply.Id);
        var deleted = await ReadUntilAsync(a.Updated, u => u.Message.Id == reply.Id);
        Assert.True(deleted.Message.IsDeleted);
        Assert.Null(deleted.Message.Body);

        var thread = await a.Hub.InvokeAsync<List<MessageView>>("Replies", question.Id);
        Assert.True(Assert.Single(thread).IsDeleted);

        var error = await Assert.ThrowsAsync<HubException>(() => b.Hub.InvokeAsync<MessageView>("EditMessage", question.Id, "Not mine"));
        Assert.Contains("your own messages", error.Message);
        var outsider = await _app.RegisterCandidateAsync();
        await using var c = await _app.ConnectAsync(await _app.TokenAsync(outsider), null);
        await Assert.ThrowsAsync<HubException>(() => c.Hub.InvokeAsync<MessageView>("React", question.Id, "👍"));
        await Assert.ThrowsAsync<HubException>(() => c.Hub.InvokeAsync<MessageView>("SendReply", conversationId, Guid.NewGuid(), "Hi", question.Id));
    }

    private static async Task<T> ReadUntilAsync<T>(System.Threading.Channels.Channel<T> channel, Func<T, bool> match)
    {
        while (true)
        {
            var item = await channel.Reader.ReadAsync().AsTask().WaitAsync(Wait);
            if (match(item))
            {
                return item;
            }
        }
    }
}
