using System.Security.Claims;
using Messaging.Core.Presence;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Messaging.Web.Circuits;

/// <summary>
/// Each open tab is a circuit: it counts as one presence connection while its WebSocket is up. The tab's
/// visibility (reported by the conversations page) decides between online and away.
/// </summary>
public sealed class PresenceCircuitHandler(AuthenticationStateProvider authentication, IPresenceTracker presence, CircuitContext context) : CircuitHandler
{
    private string? _userId;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        context.CircuitId = circuit.Id;
        return Task.CompletedTask;
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        _userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (_userId is not null)
        {
            await presence.ConnectedAsync(_userId, circuit.Id, context.Visible, cancellationToken);
        }
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) =>
        _userId is null ? Task.CompletedTask : presence.DisconnectedAsync(_userId, circuit.Id, cancellationToken);

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken) =>
        _userId is null ? Task.CompletedTask : presence.DisconnectedAsync(_userId, circuit.Id, cancellationToken);
}

/// <summary>Per-circuit facts the chat components share: the circuit id and whether the tab is visible.</summary>
public sealed class CircuitContext
{
    public string CircuitId { get; set; } = Guid.NewGuid().ToString("N");

    public bool Visible { get; set; } = true;
}
