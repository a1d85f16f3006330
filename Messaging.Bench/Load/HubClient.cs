using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.Bench.Load;

/// <summary>A bench hub client as a browser-less client connects: WebSockets only, the user's bearer token.</summary>
public static class HubClient
{
    public static HubConnection Create(Uri hubUrl, string token)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(hubUrl, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        hub.ServerTimeout = TimeSpan.FromSeconds(60);
        return hub;
    }
}
