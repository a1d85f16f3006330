using Bunit;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Messaging.Data.Accounts;
using Messaging.Tests.Infrastructure;
using Messaging.Web.Components.Chat;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Messaging.Tests.Web;

/// <summary>The chat room rendered by bUnit against the real domain services on SQLite.</summary>
public class ChatRoomTests : BunitContext, IAsyncLifetime
{
    private TestDatabase _database = null!;
    private string _candidateId = "";
    private string _employerId = "";
    private Guid _conversationId;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        await using (var scope = _database.Scope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            _candidateId = (await accounts.RegisterCandidateAsync("dana@example.com", "Str0ng!Pass", "Dana Kim", ".NET developer")).User.Id;
            _employerId = (await accounts.RegisterEmployerAsync("alice@example.com", "Str0ng!Pass", "Alice Martin", "Acme Robotics")).User.Id;
        }

        _conversationId = (await Service<ConversationService>().StartAsync(_employerId, _candidateId, null)).Value;

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        foreach (var type in new[] { typeof(ConversationService), typeof(ConversationQueries), typeof(MessageQueries), typeof(MessageService), typeof(MessageEditService), typeof(ReactionService), typeof(ReceiptService), typeof(Messaging.Core.Attachments.AttachmentService), typeof(TypingNotifier), typeof(IChatEventBus), typeof(IPresenceTracker), typeof(TimeProvider) })
        {
            Services.AddSingleton(type, _database.Services.GetRequiredService(type));
        }

        Services.AddScoped<ClientClock>();
        Services.AddScoped<Messaging.Web.Circuits.CircuitEventBus>();
        Services.AddScoped<Messaging.Web.Circuits.BrowserScripts>();
        Services.AddScoped<RoomServices>();
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_room_shows_the_history_and_a_message_from_the_other_side_arrives_live()
    {
        await SendAsync(_employerId, "Hello Dana");
        var cut = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=message]")));
        Assert.Equal("Alice Martin", cut.Find("[data-testid=room-name]").TextContent.Trim());

        await SendAsync(_employerId, "Are you free on Thursday?");

        cut.WaitForAssertion(() => Assert.Equal(
            ["Hello Dana", "Are you free on Thursday?"],
            cut.FindAll("[data-testid=message-body]").Select(e => e.TextContent)));
        Assert.Contains(cut.FindAll(".bubble-row"), e => e.ClassList.Contains("theirs"));
    }

    [Fact]
    public async Task A_file_from_the_other_side_shows_its_name_size_and_a_download_link()
    {
        var cut = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId));
        cut.WaitForAssertion(() => cut.Find("[data-testid=attach-input]"));

        var sent = await Service<Messaging.Core.Attachments.AttachmentService>().SendAsync(_employerId, _conversationId, Guid.NewGuid(), "Offer letter.pdf",
            new MemoryStream(Messaging.Tests.Core.Attachments.FileTypeSnifferTests.Pdf), null, Xunit.TestContext.Current.CancellationToken);

        cut.WaitForAssertion(() => Assert.Equal("Offer letter.pdf", cut.Find("[data-testid=attachment-name]").TextContent));
        var link = cut.Find("[data-testid=attachment-download]");
        Assert.Equal($"/attachments/{sent.Value.Attachments[0].Id}", link.GetAttribute("href"));
        Assert.Contains("bytes", link.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=attachment-preview]"));
    }

    [Fact]
    public async Task Opening_the_room_in_a_visible_tab_reads_the_messages_and_the_sender_sees_read()
    {
        var sent = await SendAsync(_employerId, "Hello Dana");
        var employerView = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _employerId));
        employerView.WaitForAssertion(() => Assert.Equal("Sent", employerView.Find("[data-testid=message-status]").GetAttribute("aria-label")));

        Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId).Add(r => r.PageVisible, true));

        employerView.WaitForAssertion(() => Assert.Equal("Read", employerView.Find("[data-testid=message-status]").GetAttribute("aria-label")));
        var list = await Service<ConversationQueries>().ListAsync(_candidateId, ConversationFilter.All);
        Assert.Equal(0, Assert.Single(list).UnreadCount);
        Assert.Equal(sent.Sequence, (await Service<ConversationQueries>().GetAsync(_candidateId, _conversationId)).Value.MyReadSequence);
    }

    [Fact]
    public async Task In_a_hidden_tab_messages_stay_unread()
    {
        Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId).Add(r => r.PageVisible, false));

        await SendAsync(_employerId, "Ping");

        var list = await Service<ConversationQueries>().ListAsync(_candidateId, ConversationFilter.All);
        Assert.Equal(1, Assert.Single(list).UnreadCount);
    }

    [Fact]
    public async Task The_typing_indicator_shows_and_clears_itself_when_the_typist_goes_quiet()
    {
        var cut = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId));
        cut.WaitForElement("[data-testid=room-empty]");

        await Service<TypingNotifier>().NotifyAsync(_employerId, _conversationId, true);
        cut.WaitForAssertion(() => Assert.Contains("Alice Martin is typing", cut.Find("[data-testid=typing-indicator]").TextContent));

        _database.Time.Advance(TypingNotifier.Expiry + TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() => Assert.DoesNotContain("is typing", cut.Find("[data-testid=typing-indicator]").TextContent));
    }

    [Fact]
    public async Task An_event_that_skips_ahead_makes_the_room_catch_up_without_gaps_or_doubles()
    {
        var cut = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId));
        cut.WaitForElement("[data-testid=room-empty]");

        // Stored without the room hearing of it (as if the event was lost), then an event for a later one.
        var quietBus = new InProcessChatEventBus(new LocalEventDispatcher(Microsoft.Extensions.Logging.Abstractions.NullLogger<LocalEventDispatcher>.Instance));
        var sender = ActivatorUtilities.CreateInstance<MessageService>(_database.Services, (IChatEventBus)quietBus);
        await sender.SendAsync(_employerId, _conversationId, Guid.NewGuid(), "missed one");
        await sender.SendAsync(_employerId, _conversationId, Guid.NewGuid(), "missed two");
        await SendAsync(_employerId, "third");

        cut.WaitForAssertion(() => Assert.Equal(["missed one", "missed two", "third"], cut.FindAll("[data-testid=message-body]").Select(e => e.TextContent)));
        Assert.Equal(["1", "2", "3"], cut.FindAll("[data-testid=message]").Select(e => e.GetAttribute("data-sequence")));
    }

    [Fact]
    public async Task A_resync_makes_the_room_catch_up_on_what_it_missed_and_reload_receipts()
    {
        var mine = await SendAsync(_candidateId, "Hi Alice");
        var cut = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId));
        cut.WaitForAssertion(() => Assert.Equal("Sent", cut.Find("[data-testid=message-status]").GetAttribute("aria-label")));

        // Stored and read while this instance was cut off from the bus: the room heard nothing of it.
        var quietBus = new InProcessChatEventBus(new LocalEventDispatcher(Microsoft.Extensions.Logging.Abstractions.NullLogger<LocalEventDispatcher>.Instance));
        await ActivatorUtilities.CreateInstance<ReceiptService>(_database.Services, (IChatEventBus)quietBus).MarkReadAsync(_employerId, _conversationId, mine.Sequence);
        var sender = ActivatorUtilities.CreateInstance<MessageService>(_database.Services, (IChatEventBus)quietBus);
        await sender.SendAsync(_employerId, _conversationId, Guid.NewGuid(), "missed one");
        await sender.SendAsync(_employerId, _conversationId, Guid.NewGuid(), "missed two");

        Service<LocalEventDispatcher>().DispatchToAll(new ChatResync());

        cut.WaitForAssertion(() => Assert.Equal(["Hi Alice", "missed one", "missed two"], cut.FindAll("[data-testid=message-body]").Select(e => e.TextContent)));
        Assert.Equal(["1", "2", "3"], cut.FindAll("[data-testid=message]").Select(e => e.GetAttribute("data-sequence")));
        cut.WaitForAssertion(() => Assert.Equal("Read", cut.Find("[data-testid=message-status]").GetAttribute("aria-label")));
    }

    [Fact]
    public async Task A_rejected_send_tells_why_and_stores_nothing()
    {
        var cut = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId));
        cut.WaitForElement("[data-testid=room-empty]");

        var outcome = await cut.InvokeAsync(() => cut.FindComponent<Composer>().Instance.SendFromOutbox(Guid.NewGuid().ToString(), new string('x', Message.MaxLength + 1)));

        Assert.True(outcome.Rejected);
        Assert.Contains("at most 2,000 characters", outcome.Error);
        cut.WaitForAssertion(() => Assert.Contains("at most 2,000 characters", cut.Find("[data-testid=send-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=message]"));
    }

    [Fact]
    public async Task A_blocked_conversation_says_why_the_composer_is_disabled()
    {
        await Service<ConversationService>().SetBlockedAsync(_employerId, _conversationId, true);

        var cut = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId));

        cut.WaitForAssertion(() => Assert.Contains("blocked", cut.Find("[data-testid=composer-disabled]").TextContent));
        Assert.True(cut.Find("[data-testid=composer] textarea").HasAttribute("disabled"));
    }

    [Fact]
    public void An_outsider_sees_an_error_and_no_messages()
    {
        var cut = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, "someone-else"));

        cut.WaitForAssertion(() => Assert.Contains("not a participant", cut.Markup));
        Assert.Empty(cut.FindAll("[data-testid=message]"));
    }

    [Fact]
    public async Task Edits_deletes_reactions_and_replies_from_the_other_side_show_live()
    {
        var question = await SendAsync(_employerId, "Are you free on Thursday?");
        var note = await SendAsync(_candidateId, "Let me check");
        var cut = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=message]").Count));

        Assert.True((await Service<ReactionService>().ToggleAsync(_employerId, note.Id, "👍")).IsSuccess);
        cut.WaitForAssertion(() =>
        {
            var chip = cut.Find("[data-testid=reaction]");
            Assert.Equal("👍", chip.GetAttribute("data-emoji"));
            Assert.Contains("1", chip.TextContent);
            Assert.Equal("Alice Martin", chip.GetAttribute("title"));
        });

        _database.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await Service<MessageEditService>().EditAsync(_employerId, question.Id, "Are you free on Friday?")).IsSuccess);
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Are you free on Friday?", cut.FindAll("[data-testid=message-body]")[0].TextContent);
            Assert.Single(cut.FindAll("[data-testid=message-edited]"));
        });

        var reply = (await Service<MessageService>().SendAsync(_employerId, _conversationId, Guid.NewGuid(), "Or Monday", question.Id)).Value;
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Are you free on Friday?", cut.Find("[data-testid=reply-quote]").TextContent);
            Assert.Equal("1 reply", cut.Find("[data-testid=thread-link]").TextContent.Trim());
        });

        Assert.True((await Service<MessageEditService>().DeleteAsync(_employerId, reply.Id)).IsSuccess);
        cut.WaitForAssertion(() =>
        {
            Assert.Single(cut.FindAll("[data-testid=message-deleted]"));
            Assert.DoesNotContain(cut.FindAll("[data-testid=message-body]"), e => e.TextContent == "Or Monday");
        });
    }

    [Fact]
    public async Task Own_recent_messages_offer_edit_and_the_inline_editor_saves()
    {
        var mine = await SendAsync(_candidateId, "Helo");
        var cut = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=message]")));

        var outcome = await cut.InvokeAsync(() => cut.FindComponent<Composer>().Instance.SendReplyFromOutbox(Guid.NewGuid().ToString(), "Hello, I mean", mine.Id.ToString()));

        Assert.False(outcome.Rejected);
        cut.WaitForAssertion(() => Assert.Contains("Helo", cut.Find("[data-testid=reply-quote]").TextContent));
        var stored = (await Service<MessageQueries>().HistoryAsync(_employerId, _conversationId, null, 10)).Value;
        Assert.Equal(mine.Id, stored[^1].ReplyToId);
    }

    [Fact]
    public async Task A_message_s_hover_buttons_reach_the_bubble_through_one_handler_and_its_menu_acts_on_that_message()
    {
        await SendAsync(_employerId, "Are you free on Thursday?");
        var question = await SendAsync(_employerId, "Or Friday?");
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudBlazor.MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ChatRoom>(1);
            builder.AddComponentParameter(2, nameof(ChatRoom.ConversationId), _conversationId);
            builder.AddComponentParameter(3, nameof(ChatRoom.UserId), _candidateId);
            builder.CloseComponent();
        });
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=message]").Count));
        var actions = $"[data-message-id='{question.Id}'] .actions";

        // The buttons are markup with no handler of their own; a click that names none does nothing.
        Assert.Equal(["report", "react", "more"], cut.FindAll($"{actions} button").Select(b => b.GetAttribute("data-bubble-action")));
        await cut.Find(actions).TriggerEventAsync("onbubbleaction", new BubbleActionEventArgs { Action = null });
        Assert.Empty(cut.FindAll("[data-testid=action-reply]"));

        await cut.Find(actions).TriggerEventAsync("onbubbleaction", new BubbleActionEventArgs { Action = "more" });
        cut.WaitForAssertion(() => cut.Find("[data-testid=action-reply]").Click());

        cut.WaitForAssertion(() => Assert.Contains("Or Friday?", cut.Find("[data-testid=replying-to]").TextContent));
        Assert.DoesNotContain("Are you free", cut.Find("[data-testid=replying-to]").TextContent);
    }

    [Fact]
    public async Task Message_times_follow_the_viewer_s_time_zone_when_it_arrives_after_the_messages()
    {
        var first = await SendAsync(_employerId, "Hello Dana");
        var cut = Render<ChatRoom>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId));
        cut.WaitForAssertion(() => Assert.Equal(first.CreatedAt.ToString("HH:mm"), cut.Find($"#msg-{first.Sequence} time").TextContent));

        // The browser tells the circuit its time zone after the page goes live; the next render of the room shows the
        // messages already drawn in it too.
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        Services.GetRequiredService<ClientClock>().Set("Asia/Tokyo");
        await SendAsync(_employerId, "Are you there?");

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(first.CreatedAt, DateTimeKind.Utc), tokyo).ToString("HH:mm");
        cut.WaitForAssertion(() => Assert.Equal(local, cut.Find($"#msg-{first.Sequence} time").TextContent));
    }

    private T Service<T>()
        where T : notnull => _database.Services.GetRequiredService<T>();

    [Fact]
    public async Task Search_in_a_long_history_offers_older_messages_and_adds_what_it_finds_there()
    {
        var older = await SendAsync(_employerId, "Visa sponsorship is possible");
        await SendAsync(_candidateId, "Good to know");
        var newer = await SendAsync(_employerId, "The visa paperwork starts in May");
        await SendAsync(_candidateId, "Thanks");
        var search = ActivatorUtilities.CreateInstance<MessageSearch>(_database.Services);
        (search.ScanPageSize, search.ScanLimit) = (2, 2); // two messages per step
        Services.AddSingleton(search);
        var cut = Render<RoomSearch>(p => p.Add(r => r.ConversationId, _conversationId).Add(r => r.UserId, _candidateId));

        cut.Find("input").Input("visa");
        cut.Find("input").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        cut.WaitForAssertion(() => Assert.Equal("1 found so far", cut.Find("[data-testid=room-search-count]").TextContent.Trim()));
        Assert.Equal([newer.Body], cut.FindAll("[data-testid=room-search-result] .text").Select(e => e.TextContent));

        cut.Find("[data-testid=room-search-older]").Click();
        cut.WaitForAssertion(() => Assert.Equal([newer.Body, older.Body], cut.FindAll("[data-testid=room-search-result] .text").Select(e => e.TextContent)));

        // The step that found the older one ended at the limit; one more step reaches the start of the history.
        cut.Find("[data-testid=room-search-older]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=room-search-older]")));
        Assert.Equal("2 found", cut.Find("[data-testid=room-search-count]").TextContent.Trim());
    }

    private async Task<MessageView> SendAsync(string senderId, string text) =>
        (await Service<MessageService>().SendAsync(senderId, _conversationId, Guid.NewGuid(), text)).Value;
}
