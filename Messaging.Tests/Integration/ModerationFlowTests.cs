using Messaging.Core.Admin;
using Messaging.Core.Common;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>Moderation on the real send path of the app, with its seeded default rules.</summary>
public class ModerationFlowTests : AppTestBase
{

    [Fact]
    public async Task A_blocked_message_is_never_stored_or_delivered_and_the_sender_is_told_why()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var events = new List<ChatEvent>();
        using var subscription = Factory.Services.GetRequiredService<IChatEventBus>().Subscribe(ChatTopics.Conversation(conversationId), e =>
        {
            lock (events)
            {
                events.Add(e);
            }

            return Task.CompletedTask;
        });

        var result = await Send(candidate.Id, conversationId, "Here is my card: 4111-1111-1111-1111");

        Assert.Equal(ErrorCode.Rejected, result.Error!.Code);
        Assert.Contains("card", result.Error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await History(employer.Id, conversationId)).Value);
        Assert.Empty(events);
    }

    [Fact]
    public async Task A_flagged_message_is_delivered_and_reaches_the_queue()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();

        var result = await Send(employer.Id, conversationId, "Call me on +44 7700 900123 to talk about the role");

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(ModerationOutcome.Flag, result.Value.Moderation);
        Assert.Single((await History(candidate.Id, conversationId)).Value);
        var queue = await Factory.Services.GetRequiredService<FlagQueue>().GetAsync(new FlagQueueQuery());
        var flag = Assert.Single(queue.Items, f => f.MessageId == result.Value.Id);
        Assert.Equal(FlagSource.Rule, flag.Source);
        Assert.Equal(FlagReason.PersonalInfo, flag.Reason);
    }

    [Fact]
    public async Task A_filtered_message_is_delivered_masked_and_the_original_kept_for_admins()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();

        var result = await Send(candidate.Id, conversationId, "Honestly the last recruiter was an idiot");

        Assert.True(result.IsSuccess, result.Error?.Message);
        var delivered = Assert.Single((await History(employer.Id, conversationId)).Value);
        Assert.DoesNotContain("idiot", delivered.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(ModerationEngine.Mask, delivered.Body);
    }

    [Fact]
    public async Task Ordinary_hiring_talk_passes_untouched()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        const string text = "The range is 70-85k, interview on 12/03 at 10:00; I have 4 years of C# and live near 75008 Paris.";

        var result = await Send(employer.Id, conversationId, text);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(text, Assert.Single((await History(candidate.Id, conversationId)).Value).Body);
        Assert.Equal(ModerationOutcome.Allow, result.Value.Moderation);
    }

    private Task<Result<MessageView>> Send(string userId, Guid conversationId, string text) =>
        Factory.Services.GetRequiredService<MessageService>().SendAsync(userId, conversationId, Guid.NewGuid(), text);

    private Task<Result<IReadOnlyList<MessageView>>> History(string userId, Guid conversationId) =>
        Factory.Services.GetRequiredService<MessageQueries>().HistoryAsync(userId, conversationId, null, 50);
}
