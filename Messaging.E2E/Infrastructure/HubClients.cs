using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.E2E.Infrastructure;

/// <summary>Programs on the hub beside the browsers: signed in with a bearer token from <c>POST /api/auth/token</c>.</summary>
public static class HubClients
{
    public static async Task<HubConnection> ConnectAsync(string baseUrl, string email)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { email, password = Users.Password });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("accessToken").GetString();
        var connection = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}/hubs/chat", o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
