using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Messaging.Web.Circuits;

/// <summary>
/// Tells the circuit's <see cref="CircuitEventBus"/> when the browser's connection goes down and comes back: the
/// server keeps a disconnected circuit for minutes, and it must not spend anything on events meanwhile.
/// </summary>
public sealed class CircuitConnectionHandler(CircuitEventBus bus) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        bus.ConnectionDown();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        bus.ConnectionUp();
        return Task.CompletedTask;
    }
}
