using Messaging.Core.Common;
using Messaging.Core.Conversations;
using Messaging.Core.Jobs;
using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Messaging.Data.Accounts;
using Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Core;

/// <summary>
/// A candidate and an employer, registered through <see cref="AccountService"/>, with a general conversation
/// started through <see cref="ConversationService"/>: the starting point of most Core tests.
/// </summary>
public sealed class ChatScenario
{
    public const string Password = "Str0ng!Pass";

    private ChatScenario(TestDatabase database, string candidateId, string employerId, Guid conversationId)
    {
        Database = database;
        CandidateId = candidateId;
        EmployerId = employerId;
        ConversationId = conversationId;
    }

    public static TheoryData<TestProvider> Providers => [TestProvider.Sqlite, TestProvider.Postgres];

    public TestDatabase Database { get; }

    public string CandidateId { get; }

    public string EmployerId { get; }

    public Guid ConversationId { get; }

    public MessageService Messages => Get<MessageService>();

    public MessageQueries History => Get<MessageQueries>();

    public ReceiptService Receipts => Get<ReceiptService>();

    public ConversationService Conversations => Get<ConversationService>();

    public ConversationQueries Lists => Get<ConversationQueries>();

    public IChatEventBus Bus => Get<IChatEventBus>();

    /// <summary>Registers Dana (candidate) and Alice of Acme Robotics (employer) and starts their general conversation.</summary>
    public static async Task<ChatScenario> StartAsync(TestDatabase database)
    {
        var candidateId = await RegisterCandidateAsync(database, "dana@example.com", "Dana Kim", ".NET developer");
        var employerId = await RegisterEmployerAsync(database, "alice@example.com", "Alice Martin", "Acme Robotics");
        var conversationId = Ok(await database.Services.GetRequiredService<ConversationService>().StartAsync(candidateId, employerId, null));
        return new ChatScenario(database, candidateId, employerId, conversationId);
    }

    public static async Task<string> RegisterCandidateAsync(TestDatabase database, string email, string name, string? headline = null)
    {
        await using var scope = database.Scope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterCandidateAsync(email, Password, name, headline);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user.Id;
    }

    public static async Task<string> RegisterEmployerAsync(TestDatabase database, string email, string name, string company)
    {
        await using var scope = database.Scope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterEmployerAsync(email, Password, name, company);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user.Id;
    }

    public static async Task<Guid> AddJobAsync(TestDatabase database, string employerId, string title)
    {
        await using var db = database.Services.GetRequiredService<IMessagingDbFactory>().Create();
        var job = new Job { Id = Guid.NewGuid(), EmployerId = employerId, Title = title, CreatedAt = DateTime.UtcNow };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    public T Get<T>() where T : notnull => Database.Services.GetRequiredService<T>();

    /// <summary>Registers an administrator and returns their user id.</summary>
    public async Task<string> RegisterAdminAsync()
    {
        await using var scope = Database.Scope();
        var email = $"admin-{Guid.NewGuid():N}@example.com";
        await scope.ServiceProvider.GetRequiredService<Messaging.Data.Accounts.AccountService>().EnsureAdminAsync(email, Password, "Ada Admin");
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Messaging.Data.ApplicationUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }

    /// <summary>Sends a text message and asserts that it was accepted.</summary>
    public async Task<MessageView> SendAsync(string senderId, string text) =>
        Ok(await Messages.SendAsync(senderId, ConversationId, Guid.NewGuid(), text));

    /// <summary>The stored messages of the conversation, by sequence.</summary>
    public async Task<List<Message>> StoredMessagesAsync()
    {
        await using var db = Get<IMessagingDbFactory>().Create();
        return await db.Messages.AsNoTracking().Where(m => m.ConversationId == ConversationId).OrderBy(m => m.Sequence).ToListAsync();
    }

    /// <summary>The shown text of a stored message, decrypted.</summary>
    public string? BodyOf(Message message) => Get<Messaging.Core.Encryption.MessageCipher>().OpenBody(message);

    public async Task<Conversation> StoredConversationAsync()
    {
        await using var db = Get<IMessagingDbFactory>().Create();
        return await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == ConversationId);
    }

    /// <summary>The conversation as it appears in <paramref name="userId"/>'s default list, or null when it is not there.</summary>
    public async Task<ConversationSummary?> ListEntryAsync(string userId, ConversationFilter? filter = null) =>
        (await Lists.ListAsync(userId, filter ?? ConversationFilter.All)).SingleOrDefault(c => c.Id == ConversationId);

    public static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, $"Expected success but got {result.Error?.Code}: {result.Error?.Message}");
        return result.Value;
    }

    public static void Fails<T>(Result<T> result, ErrorCode code)
    {
        Assert.False(result.IsSuccess, $"Expected {code} but the call succeeded.");
        Assert.Equal(code, result.Error!.Code);
    }
}

/// <summary>
/// Records the events of one topic and lets a test wait, with a time limit, for one that matches. Subscribers get
/// their events asynchronously (each from its own inbox, in order): <see cref="SettleAsync"/> waits until everything
/// published before it has arrived, which also makes "nothing was published" checkable.
/// </summary>
public sealed class EventProbe : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly List<ChatEvent> _events = [];
    private readonly List<(Func<ChatEvent, bool> Match, TaskCompletionSource<ChatEvent> Done)> _waiters = [];
    private readonly IDisposable _subscription;
    private readonly IChatEventBus _bus;
    private readonly string _topic;

    public EventProbe(IChatEventBus bus, string topic)
    {
        (_bus, _topic) = (bus, topic);
        _subscription = bus.Subscribe(topic, OnEventAsync);
    }

    /// <summary>
    /// Waits until every event published before this call has reached the probe: a marker published now arrives
    /// after them, since each subscriber receives its events in order. In-process bus only (the marker is not a
    /// serialisable event).
    /// </summary>
    public async Task SettleAsync()
    {
        var marker = new Marker(_topic == ChatTopics.All ? null : _topic, Guid.NewGuid());
        var arrived = new TaskCompletionSource<ChatEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiters.Add((e => e == marker, arrived));
        }

        await _bus.PublishAsync(marker);
        await arrived.Task.WaitAsync(DefaultTimeout, TestContext.Current.CancellationToken);
    }

    public IReadOnlyList<ChatEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<T> All<T>() where T : ChatEvent => Events.OfType<T>().ToList();

    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null) where T : ChatEvent
    {
        bool Matches(ChatEvent e) => e is T typed && (match is null || match(typed));
        TaskCompletionSource<ChatEvent> done;
        lock (_lock)
        {
            var seen = _events.FirstOrDefault(Matches);
            if (seen is not null)
            {
                return (T)seen;
            }

            done = new TaskCompletionSource<ChatEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((Matches, done));
        }

        try
        {
            return (T)await done.Task.WaitAsync(timeout ?? DefaultTimeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No matching {typeof(T).Name} within {timeout ?? DefaultTimeout}; got: {string.Join(", ", Events)}");
            throw;
        }
    }

    public void Dispose() => _subscription.Dispose();

    private Task OnEventAsync(ChatEvent chatEvent)
    {
        lock (_lock)
        {
            if (chatEvent is not Marker)
            {
                _events.Add(chatEvent);
            }

            foreach (var waiter in _waiters.Where(w => w.Match(chatEvent)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(chatEvent);
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>Published by <see cref="EventProbe.SettleAsync"/>: reaches the probe's topic after what came before it.</summary>
internal sealed record Marker(string? Topic, Guid Id) : ChatEvent
{
    public override IEnumerable<string> Topics() => Topic is null ? [] : [Topic];
}
