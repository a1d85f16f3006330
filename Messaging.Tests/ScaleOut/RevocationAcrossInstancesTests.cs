using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Messaging.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.Tests.ScaleOut;

/// <summary>A suspension made on one instance closes the user's hub connections on the others at once.</summary>
[Collection(ScaleOutProcesses.Name)]
public sealed class RevocationAcrossInstancesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_suspension_closes_connections_on_every_instance_and_the_token_opens_none()
    {
        var redis = $"{TestServers.Redis},channelPrefix=revocation-{Guid.NewGuid():N}:";
        await using var cluster = await ScaleOutCluster.CreateAsync(redis);
        var a = await cluster.StartInstanceAsync("A");
        var b = await cluster.StartInstanceAsync("B");
        var (employer, _, conversationId) = await cluster.StartConversationAsync();
        var token = await a.TokenAsync(employer.Email!, ScaleOutCluster.Password);
        await using var onB = Connect(b, token);
        await onB.StartAsync(TestContext.Current.CancellationToken);
        await onB.InvokeAsync<List<MessageView>>("Since", conversationId, 0L, 1);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        onB.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        // What instance A does when an admin suspends the employer there: the new stamp, then the event on Redis.
        await cluster.SuspendInDatabaseAsync(employer.Id);
        await using (var node = await BusNode.StartAsync(redis))
        {
            await node.Bus.PublishAsync(new UserSuspended(employer.Id), TestContext.Current.CancellationToken);
            await closed.Task.WaitAsync(Wait, TestContext.Current.CancellationToken);
        }

        foreach (var instance in new[] { a, b })
        {
            await using var again = Connect(instance, token);
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await again.StartAsync(TestContext.Current.CancellationToken);
                await again.InvokeAsync<List<MessageView>>("History", conversationId, (long?)null, 10);
            });
        }
    }

    private static HubConnection Connect(WebInstance instance, string token) =>
        new HubConnectionBuilder()
            .WithUrl(instance.HubUrl, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
}
