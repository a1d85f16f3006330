using System.Collections.Concurrent;
using Messaging.Bench.Load;
using Microsoft.AspNetCore.SignalR;

namespace Messaging.Bench.Bare;

/// <summary>
/// The baseline: a minimal SignalR app with the chat hub's shape and none of its work (no database, moderation,
/// encryption or authentication). SendMessage numbers the message in memory and sends it to the conversation's group,
/// as the real app sends to both participants' groups. Run as its own process: `bare-server --urls http://127.0.0.1:PORT`.
/// </summary>
public static class BareServer
{
    public const string HubPath = "/hubs/chat";

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR(o =>
        {
            // The real hub's limits, so both sides of the comparison queue invocations alike.
            o.MaximumParallelInvocationsPerClient = 1;
            o.EnableDetailedErrors = false;
        });
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapHub<BareHub>(HubPath);
        await app.RunAsync();
    }
}

public sealed class BareHub : Hub
{
    private static readonly ConcurrentDictionary<Guid, long> Sequences = new();

    public Task Join(Guid conversationId) => Groups.AddToGroupAsync(Context.ConnectionId, conversationId.ToString("N"));

    public async Task<MessageDto> SendMessage(Guid conversationId, Guid clientMessageId, string text)
    {
        var sequence = Sequences.AddOrUpdate(conversationId, 1, (_, s) => s + 1);
        var message = new MessageDto(Guid.CreateVersion7(), conversationId, sequence, UserId, clientMessageId, text);
        await Clients.Group(conversationId.ToString("N")).SendAsync("MessageCreated", new MessageCreatedDto(new ConversationRefDto(conversationId), message));
        return message;
    }

    // The "token" is the user id itself: the baseline measures the transport, not authentication. The .NET client
    // sends it as a bearer header on WebSockets; browsers would send it in the query string.
    private string UserId
    {
        get
        {
            var request = Context.GetHttpContext()?.Request;
            var header = request?.Headers.Authorization.ToString() ?? "";
            return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : request?.Query["access_token"].ToString() ?? "";
        }
    }
}
