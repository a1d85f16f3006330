using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Presence;
using Messaging.Core.Realtime;
using Messaging.Data.Accounts;
using Messaging.Tests.Infrastructure;
using Messaging.Web.Circuits;
using Messaging.Web.Components.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Tests.Web;

/// <summary>The room's sync protocol without a renderer, against the real services on SQLite.</summary>
public class RoomSessionTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private string _candidateId = "";
    private string _employerId = "";
    private Guid _conversationId;
    private int _changes;
    private MessageWriterService? _quietWriter;
    private MessageService? _quietSender;

    // The renderer runs one piece of a circuit's work at a time; so does this stand-in for it.
    private readonly SemaphoreSlim _renderer = new(1, 1);

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        await using (var scope = _database.Scope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            _candidateId = (await accounts.RegisterCandidateAsync("dana@example.com", "Str0ng!Pass", "Dana Kim", ".NET developer")).User.Id;
            _employerId = (await accounts.RegisterEmployerAsync("alice@example.com", "Str0ng!Pass", "Alice Martin", "Acme Robotics")).User.Id;
        }

        _conversationId = (await Get<ConversationService>().StartAsync(_employerId, _candidateId, null)).Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_quietWriter is not null)
        {
            await _quietWriter.StopAsync(CancellationToken.None);
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_message_that_skips_ahead_triggers_a_catch_up_without_gaps_or_doubles()
    {
        using var session = await OpenAsync();
        var quiet = await QuietSenderAsync(); // stored without the room hearing of it, as if the events were lost
        await quiet.SendAsync(_employerId, _conversationId, Guid.NewGuid(), "missed one");
        await quiet.SendAsync(_employerId, _conversationId, Guid.NewGuid(), "missed two");
        var third = (await quiet.SendAsync(_employerId, _conversationId, Guid.NewGuid(), "third")).Value;

        await OnRendererAsync(() => session.ApplyAsync(new MessageCreated(Ref, third)));

        Assert.Equal(["missed one", "missed two", "third"], session.Timeline.Messages.Select(m => m.Body));
        Assert.Equal([1L, 2L, 3L], session.Timeline.Messages.Select(m => m.Sequence));

        // The tab is visible: what arrived is read, in one receipt once the batch delay has passed.
        Assert.Equal(0, session.Timeline.MyRead);
        _database.Time.Advance(RoomSession.ReadBatchDelay);
        await Eventually.TrueAsync(() => session.Timeline.MyRead == 3, "the read receipt");
    }

    [Fact]
    public async Task A_duplicate_event_is_ignored()
    {
        using var session = await OpenAsync();
        var message = (await (await QuietSenderAsync()).SendAsync(_employerId, _conversationId, Guid.NewGuid(), "Hello")).Value;

        await OnRendererAsync(() => session.ApplyAsync(new MessageCreated(Ref, message)));
        await OnRendererAsync(() => session.ApplyAsync(new MessageCreated(Ref, message)));

        Assert.Single(session.Timeline.Messages);
    }

    [Fact]
    public async Task A_pending_send_is_acknowledged_once_also_when_its_event_and_a_resend_follow()
    {
        using var session = await OpenAsync();
        var clientId = Guid.NewGuid();

        var outcome = await OnRendererAsync(() => session.SendAsync(clientId, "Hi Alice", null));
        var stored = Assert.Single(session.Timeline.Messages);
        await OnRendererAsync(() => session.ApplyAsync(new MessageCreated(Ref, stored))); // its own event, from the bus
        var resend = await OnRendererAsync(() => session.SendAsync(clientId, "Hi Alice", null)); // the outbox again, after a reconnect

        Assert.False(outcome.Rejected);
        Assert.False(resend.Rejected);
        Assert.Equal(clientId, Assert.Single(session.Timeline.Messages).ClientMessageId);
        Assert.Empty(session.Timeline.Pending);
        Assert.Equal(RoomScroll.Bottom, session.TakeScroll());
        Assert.Equal(RoomScroll.None, session.TakeScroll());
    }

    [Fact]
    public async Task A_refused_send_keeps_nothing_pending_and_says_why()
    {
        using var session = await OpenAsync();

        var outcome = await OnRendererAsync(() => session.SendAsync(Guid.NewGuid(), new string('x', Message.MaxLength + 1), null));

        Assert.True(outcome.Rejected);
        Assert.Contains("at most 2,000 characters", session.SendError);
        Assert.Empty(session.Timeline.Messages);
        Assert.Empty(session.Timeline.Pending);
    }

    [Fact]
    public async Task Live_events_arrive_through_the_bus_and_in_a_hidden_tab_mark_where_unread_starts()
    {
        using var session = await OpenAsync();
        session.PageVisible = false;

        var sent = (await Get<MessageService>().SendAsync(_employerId, _conversationId, Guid.NewGuid(), "Are you free?")).Value;
        await Eventually.TrueAsync(() => session.Timeline.LastSequence == sent.Sequence);

        Assert.Equal(sent.Sequence, session.FirstUnread);
        Assert.Equal(0, session.Timeline.MyRead);
        Assert.True(Volatile.Read(ref _changes) > 0);
    }

    [Fact]
    public async Task Opening_a_room_with_unread_messages_starts_at_the_first_unread()
    {
        var sender = Get<MessageService>();
        await sender.SendAsync(_candidateId, _conversationId, Guid.NewGuid(), "Hello");
        await sender.SendAsync(_employerId, _conversationId, Guid.NewGuid(), "Hi Dana");
        await sender.SendAsync(_employerId, _conversationId, Guid.NewGuid(), "Are you free?");

        using var session = await OpenAsync();

        Assert.Equal(2, session.FirstUnread);
        Assert.True(session.UnreadBelow);
        Assert.Equal(RoomScroll.FirstUnread, session.TakeScroll());
        Assert.Equal(3, session.Timeline.MyRead);
    }

    private ConversationRef Ref => new(_conversationId, _candidateId, _employerId);

    private T Get<T>() where T : notnull => _database.Services.GetRequiredService<T>();

    private async Task<RoomSession> OpenAsync()
    {
        var services = new RoomServices(Get<ConversationQueries>(), Get<MessageQueries>(), Get<MessageService>(), Get<ReceiptService>(), Get<TypingNotifier>(),
            new CircuitEventBus(Get<IChatEventBus>(), NullLogger<CircuitEventBus>.Instance), Get<IPresenceTracker>(), Get<TimeProvider>(), NullLogger<RoomSession>.Instance);
        var session = new RoomSession(services, _candidateId, _conversationId, OnRendererAsync, () => Interlocked.Increment(ref _changes));
        await OnRendererAsync(session.LoadAsync);
        Assert.Null(session.LoadError);
        return session;
    }

    private async Task OnRendererAsync(Func<Task> work)
    {
        await _renderer.WaitAsync();
        try
        {
            await work();
        }
        finally
        {
            _renderer.Release();
        }
    }

    private async Task<T> OnRendererAsync<T>(Func<Task<T>> work)
    {
        var result = default(T)!;
        await OnRendererAsync(async () => { result = await work(); });
        return result;
    }

    /// <summary>Stores messages without publishing anything (writer and service on a bus nobody listens to), as if the events were lost.</summary>
    private async Task<MessageService> QuietSenderAsync()
    {
        if (_quietSender is null)
        {
            var quietBus = (IChatEventBus)new InProcessChatEventBus(new LocalEventDispatcher(NullLogger<LocalEventDispatcher>.Instance));
            var writer = ActivatorUtilities.CreateInstance<MessageWriter>(_database.Services);
            _quietWriter = ActivatorUtilities.CreateInstance<MessageWriterService>(_database.Services, writer, quietBus);
            await _quietWriter.StartAsync(CancellationToken.None);
            _quietSender = ActivatorUtilities.CreateInstance<MessageService>(_database.Services, quietBus, writer);
        }

        return _quietSender;
    }
}
