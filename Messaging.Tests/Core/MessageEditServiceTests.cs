using Messaging.Core.Common;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Tests.Core;

/// <summary>Edit and delete by the sender: the 15-minute window, moderation on edits, history for admins, soft delete.</summary>
public class MessageEditServiceTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Edit_by_the_sender_changes_the_text_marks_it_edited_keeps_the_old_text_and_publishes(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var sent = await chat.SendAsync(chat.CandidateId, "Helo");
        using var probe = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));
        database.Time.Advance(TimeSpan.FromMinutes(2));

        var edited = ChatScenario.Ok(await chat.Get<MessageEditService>().EditAsync(chat.CandidateId, sent.Id, "  Hello  "));

        Assert.Equal("Hello", edited.Body);
        Assert.Equal(database.Time.GetUtcNow().UtcDateTime, edited.EditedAt);
        Assert.Equal(sent.Sequence, edited.Sequence);
        await probe.SettleAsync();
        var update = Assert.Single(probe.All<MessageUpdated>());
        Assert.Equal("Hello", update.Message.Body);
        var stored = Assert.Single(await chat.StoredMessagesAsync());
        Assert.Equal("Hello", chat.BodyOf(stored));
        var history = await EditsAsync(chat, sent.Id);
        Assert.Null(Assert.Single(history).PreviousOriginalCiphertext);
        Assert.DoesNotContain("Helo", System.Text.Encoding.UTF8.GetString(history[0].PreviousCiphertext!), StringComparison.Ordinal);
        var admin = await chat.RegisterAdminAsync();
        Assert.Equal("Helo", Assert.Single(ChatScenario.Ok(await chat.Get<MessageEditService>().HistoryAsync(admin, sent.Id))).PreviousBody);
        ChatScenario.Fails(await chat.Get<MessageEditService>().HistoryAsync(chat.CandidateId, sent.Id), ErrorCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Edit_is_allowed_for_15_minutes_and_refused_after(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var sent = await chat.SendAsync(chat.CandidateId, "First");
        var edits = chat.Get<MessageEditService>();

        database.Time.Advance(TimeSpan.FromMinutes(15));
        ChatScenario.Ok(await edits.EditAsync(chat.CandidateId, sent.Id, "Second"));
        database.Time.Advance(TimeSpan.FromSeconds(1));
        var late = await edits.EditAsync(chat.CandidateId, sent.Id, "Third");

        ChatScenario.Fails(late, ErrorCode.Forbidden);
        Assert.Equal("You can edit a message for 15 minutes after sending it.", late.Error!.Message);
        Assert.Equal("Second", chat.BodyOf(Assert.Single(await chat.StoredMessagesAsync())));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Only_the_sender_can_edit_or_delete_and_outsiders_learn_nothing(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var sent = await chat.SendAsync(chat.CandidateId, "Mine");
        var outsider = await ChatScenario.RegisterCandidateAsync(database, "eve@example.com", "Eve");
        var edits = chat.Get<MessageEditService>();
        using var probe = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));

        ChatScenario.Fails(await edits.EditAsync(chat.EmployerId, sent.Id, "Theirs"), ErrorCode.Forbidden);
        ChatScenario.Fails(await edits.DeleteAsync(chat.EmployerId, sent.Id), ErrorCode.Forbidden);
        ChatScenario.Fails(await edits.EditAsync(outsider, sent.Id, "Theirs"), ErrorCode.NotFound);
        ChatScenario.Fails(await edits.DeleteAsync(outsider, sent.Id), ErrorCode.NotFound);
        ChatScenario.Fails(await edits.EditAsync(chat.CandidateId, Guid.NewGuid(), "Nothing"), ErrorCode.NotFound);

        var stored = Assert.Single(await chat.StoredMessagesAsync());
        Assert.Equal("Mine", chat.BodyOf(stored));
        Assert.Null(stored.DeletedAt);
        await probe.SettleAsync();
        Assert.Empty(probe.Events);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Edit_is_validated_and_moderated_like_a_send(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var sent = await chat.SendAsync(chat.CandidateId, "Nice to meet you");
        var edits = chat.Get<MessageEditService>();

        ChatScenario.Fails(await edits.EditAsync(chat.CandidateId, sent.Id, "   "), ErrorCode.Empty);
        ChatScenario.Fails(await edits.EditAsync(chat.CandidateId, sent.Id, new string('x', Message.MaxLength + 1)), ErrorCode.TooLong);
        var blocked = await edits.EditAsync(chat.CandidateId, sent.Id, "My card is 4111 1111 1111 1111");
        ChatScenario.Fails(blocked, ErrorCode.Rejected);
        Assert.False(string.IsNullOrWhiteSpace(blocked.Error!.Message));
        Assert.Equal("Nice to meet you", chat.BodyOf(Assert.Single(await chat.StoredMessagesAsync())));
        Assert.Empty(await EditsAsync(chat, sent.Id));

        var filtered = ChatScenario.Ok(await edits.EditAsync(chat.CandidateId, sent.Id, "You idiot"));

        Assert.DoesNotContain("idiot", filtered.Body);
        var stored = Assert.Single(await chat.StoredMessagesAsync());
        Assert.Equal(filtered.Body, chat.BodyOf(stored));
        Assert.Equal("You idiot", chat.Get<Messaging.Core.Encryption.MessageCipher>().OpenOriginal(stored));
        Assert.Equal(ModerationOutcome.Filter, stored.Moderation);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Delete_by_the_sender_removes_the_text_and_history_and_shows_deleted(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var sent = await chat.SendAsync(chat.CandidateId, "Oops");
        var edits = chat.Get<MessageEditService>();
        ChatScenario.Ok(await edits.EditAsync(chat.CandidateId, sent.Id, "Oops, wrong chat"));
        using var probe = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));
        database.Time.Advance(TimeSpan.FromHours(2));

        var deleted = ChatScenario.Ok(await edits.DeleteAsync(chat.CandidateId, sent.Id));

        Assert.True(deleted.IsDeleted);
        Assert.Null(deleted.Body);
        await probe.SettleAsync();
        Assert.True(Assert.Single(probe.All<MessageUpdated>()).Message.IsDeleted);
        var stored = Assert.Single(await chat.StoredMessagesAsync());
        Assert.Null(stored.BodyCiphertext);
        Assert.Null(stored.OriginalCiphertext);
        Assert.NotNull(stored.DeletedAt);
        Assert.Empty(await EditsAsync(chat, sent.Id));
        var history = ChatScenario.Ok(await chat.History.HistoryAsync(chat.EmployerId, chat.ConversationId, null, 10));
        Assert.True(Assert.Single(history).IsDeleted);
        ChatScenario.Fails(await edits.EditAsync(chat.CandidateId, sent.Id, "Back"), ErrorCode.Conflict);
        ChatScenario.Fails(await edits.DeleteAsync(chat.CandidateId, sent.Id), ErrorCode.Conflict);
    }

    private static async Task<List<MessageEdit>> EditsAsync(ChatScenario chat, Guid messageId)
    {
        await using var db = chat.Get<IMessagingDbFactory>().Create();
        return await db.MessageEdits.AsNoTracking().Where(e => e.MessageId == messageId).ToListAsync();
    }
}
