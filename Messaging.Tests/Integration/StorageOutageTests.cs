using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>A database that refuses every write (as with a full disk): sends say so, and /health says so.</summary>
public class StorageOutageTests : AppTestBase
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_send_says_the_server_cannot_store_messages_and_health_is_unhealthy_until_writes_work_again()
    {
        var (employer, _, conversationId) = await App.StartConversationAsync();
        await using var hub = await App.ConnectAsync(await App.TokenAsync(employer), conversationId);
        var clientId = Guid.NewGuid();

        await RefuseWritesAsync(refuse: true);
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.Hub.InvokeAsync<Messaging.Core.Messages.MessageView>("SendMessage", conversationId, clientId, "Are you free on Thursday?", Ct));
        var (status, checks) = await HealthAsync();

        Assert.Contains("HubException: The server cannot store messages right now.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks.GetProperty("database-write").GetProperty("status").GetString());

        await RefuseWritesAsync(refuse: false);
        var sent = await hub.Hub.InvokeAsync<Messaging.Core.Messages.MessageView>("SendMessage", conversationId, clientId, "Are you free on Thursday?", Ct);

        Assert.Equal("Are you free on Thursday?", sent.Body);
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync()).Status);
    }

    private async Task<(HttpStatusCode Status, JsonElement Checks)> HealthAsync()
    {
        using var client = Factory.CreateClient();
        var response = await client.GetAsync("/health", Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (response.StatusCode, json.RootElement.GetProperty("checks").Clone());
    }

    /// <summary>Every insert, update and delete in every table fails as SQLite fails on a full disk.</summary>
    private async Task RefuseWritesAsync(bool refuse)
    {
        await using var connection = new SqliteConnection(Factory.Services.GetRequiredService<IConfiguration>().GetConnectionString("Messaging"));
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            foreach (var operation in new[] { "INSERT", "UPDATE", "DELETE" })
            {
                await using var command = connection.CreateCommand();
                var name = $"\"refuse_{operation}_{table}\"";
                command.CommandText = refuse
                    ? $"CREATE TRIGGER {name} BEFORE {operation} ON \"{table}\" BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
                    : $"DROP TRIGGER {name}";
                await command.ExecuteNonQueryAsync(Ct);
            }
        }
    }
}
