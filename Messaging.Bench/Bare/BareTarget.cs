using Messaging.TestSupport;
using Messaging.Bench.App;
using Messaging.Bench.Load;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.Bench.Bare;

/// <summary>The bare baseline as a child process (this program's `bare-server` command) on a free 127.0.0.1 port.</summary>
public sealed class BareTarget(TextWriter console) : ILoadTarget
{
    private ChildProcess? _server;
    private Uri? _baseUrl;

    public string Name => "bare";

    public Uri HubUrl => new(_baseUrl ?? throw new InvalidOperationException("Not prepared."), "hubs/chat");

    public int? ServerPid => _server?.Pid;

    public async Task<Scenario> PrepareAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var url = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var environment = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production" };
        _server = ChildProcess.Start(typeof(BareTarget).Assembly.Location, ["bare-server", "--urls", url], environment, AppContext.BaseDirectory);
        await _server.WaitUntilHealthyAsync(url, "/health", TimeSpan.FromSeconds(60), cancellationToken);
        _baseUrl = new Uri(url + "/");
        console.WriteLine($"[bare] baseline listening on {url}, pid {_server.Pid}");

        var users = Enumerable.Range(0, options.Connections).Select(i => $"bench-user-{i}").Select(id => new BenchUser(id, id)).ToList();
        var conversations = Scenario.Pairs(options.Connections, options.Conversations)
            .Select(p => new BenchConversation(Guid.CreateVersion7(), p.Employer, p.Candidate))
            .ToList();
        return new Scenario(users, conversations);
    }

    public async Task JoinAsync(HubConnection hub, IReadOnlyList<Guid> conversations, CancellationToken cancellationToken)
    {
        foreach (var id in conversations)
        {
            await hub.InvokeAsync("Join", id, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
