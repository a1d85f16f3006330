using System.Collections.Concurrent;
using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.Tests.ScaleOut;

/// <summary>
/// A hub client that sends steadily into its conversation and keeps its own view of it, as a mobile client would:
/// a send whose connection breaks is resent with the same client message id after reconnecting (to whichever
/// instance is alive), and after every reconnect it catches up with <c>Since</c> from its last gap-free sequence.
/// </summary>
public sealed class LoadClient(int index, string userId, Guid conversationId, string token, Func<WebInstance> pickInstance) : IAsyncDisposable
{
    private const int PageSize = MessageQueries.MaxPageSize;
    private readonly ConcurrentDictionary<long, MessageView> _view = new();
    private readonly ConcurrentDictionary<(int Connection, long Sequence), byte> _live = new();
    private readonly ConcurrentDictionary<Guid, MessageView> _accepted = new();
    private readonly List<Guid> _sent = [];
    private HubConnection? _hub;
    private int _connections;
    private int _liveEvents;
    private int _duplicateLiveEvents;
    private int _conflicts;
    private int _resends;
    private int _reconnects;
    private int _resyncs;
    private int _resyncRequested;

    public string UserId => userId;

    public Guid ConversationId => conversationId;

    public WebInstance? Instance { get; private set; }

    public IReadOnlyList<Guid> Sent
    {
        get
        {
            lock (_sent)
            {
                return _sent.ToList();
            }
        }
    }

    public IReadOnlyDictionary<Guid, MessageView> Accepted => _accepted;

    /// <summary>This client's view of the conversation, by sequence.</summary>
    public IReadOnlyDictionary<long, MessageView> View => _view;

    /// <summary>Events received live (not by catching up), of other senders' messages.</summary>
    public int LiveEvents => _liveEvents;

    /// <summary>The same event received twice on one connection: the bus or the hub delivered it twice.</summary>
    public int DuplicateLiveEvents => _duplicateLiveEvents;

    /// <summary>Two different messages seen with one sequence, or an event of another conversation.</summary>
    public int Conflicts => _conflicts;

    public int Resends => _resends;

    public int Reconnects => _reconnects;

    /// <summary>How often the hub said events may have been missed (after the instances lost Redis and got it back).</summary>
    public int Resyncs => _resyncs;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var instance = pickInstance();
        var connection = Interlocked.Increment(ref _connections);
        var hub = new HubConnectionBuilder()
            .WithUrl(instance.HubUrl, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        hub.On<MessageCreated>("MessageCreated", e => OnCreated(connection, e));
        // A handler must not call the hub (it would wait on its own receive loop): the send loop catches up instead.
        hub.On("Resync", () =>
        {
            Interlocked.Increment(ref _resyncs);
            Volatile.Write(ref _resyncRequested, 1);
        });
        try
        {
            await hub.StartAsync(cancellationToken);
            // One call: the server ran OnConnectedAsync (joined the user's group) before it answers.
            await hub.InvokeAsync<List<MessageView>>("Since", conversationId, 0L, 1, cancellationToken);
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        (_hub, Instance) = (hub, instance);
    }

    /// <summary>Sends until <paramref name="stop"/>, each message acknowledged (after resends if need be) before the next.</summary>
    public async Task RunAsync(Action accepted, CancellationToken stop, CancellationToken timeout)
    {
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            var clientMessageId = Guid.NewGuid();
            lock (_sent)
            {
                _sent.Add(clientMessageId);
            }

            if (Interlocked.Exchange(ref _resyncRequested, 0) == 1)
            {
                await CatchUpAsync(timeout);
            }

            await SendAsync(clientMessageId, $"Client {index} says hello, message {i}", timeout);
            accepted();
            try
            {
                await Task.Delay(Random.Shared.Next(40, 120), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Loads everything after the last gap-free sequence of the view, as a client does after a reconnect.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await _hub!.InvokeAsync<List<MessageView>>("Since", conversationId, LastGapFreeSequence(), PageSize, cancellationToken);
            foreach (var message in page)
            {
                Add(message);
            }

            if (page.Count < PageSize)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    private async Task SendAsync(Guid clientMessageId, string text, CancellationToken timeout)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stored = await _hub!.InvokeAsync<MessageView>("SendMessage", conversationId, clientMessageId, text, timeout);
                _accepted[clientMessageId] = stored;
                Add(stored);
                return;
            }
            catch (Exception ex) when (ex is not HubException && !timeout.IsCancellationRequested && attempt < 10)
            {
                // The connection broke mid-send: the message may or may not be stored. Reconnect (to an instance that
                // is alive), catch up, and send the same client message id again; the server stores it at most once.
                await ReconnectAsync(timeout);
                Interlocked.Increment(ref _resends);
            }
        }
    }

    private async Task ReconnectAsync(CancellationToken timeout)
    {
        Interlocked.Increment(ref _reconnects);
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
            _hub = null;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ConnectAsync(timeout);
                await CatchUpAsync(timeout);
                return;
            }
            catch (Exception) when (!timeout.IsCancellationRequested && attempt < 20)
            {
                await Task.Delay(100 * attempt, timeout);
            }
        }
    }

    private void OnCreated(int connection, MessageCreated created)
    {
        if (created.Conversation.Id != conversationId)
        {
            // Someone else's conversation: the hub must never route it here.
            Interlocked.Increment(ref _conflicts);
            return;
        }

        if (!_live.TryAdd((connection, created.Message.Sequence), 0))
        {
            Interlocked.Increment(ref _duplicateLiveEvents);
        }

        if (created.Message.SenderId != userId)
        {
            Interlocked.Increment(ref _liveEvents);
        }

        Add(created.Message);
    }

    private void Add(MessageView message)
    {
        var existing = _view.GetOrAdd(message.Sequence, message);
        if (existing.Id != message.Id)
        {
            Interlocked.Increment(ref _conflicts);
        }
    }

    private long LastGapFreeSequence()
    {
        var sequence = 0L;
        while (_view.ContainsKey(sequence + 1))
        {
            sequence++;
        }

        return sequence;
    }
}
