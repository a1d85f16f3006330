using System.Net;
using System.Text.Json;
using Messaging.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

public class HostTests
{
    [Fact]
    public async Task Health_reports_the_database()
    {
        await using var factory = new MessagingAppFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.False(json.RootElement.GetProperty("checks").TryGetProperty("redis", out _));
    }

    [Fact]
    public async Task Health_reports_an_unreachable_redis_as_unhealthy()
    {
        await using var factory = new MessagingAppFactory();
        factory.Settings["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=500,abortConnect=false";
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Conversations_require_sign_in()
    {
        await using var factory = new MessagingAppFactory();
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/conversations", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_admin_from_configuration_is_created_at_start()
    {
        await using var factory = new MessagingAppFactory();
        factory.Settings["Admin:Email"] = "root@example.com";
        factory.Settings["Admin:Password"] = "Adm1n!Password";

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await users.FindByEmailAsync("root@example.com");

        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, Messaging.Core.Accounts.Roles.Admin));
        Assert.Null(await users.FindByEmailAsync("admin@demo.local"));
    }

    [Fact]
    public async Task The_sign_in_page_renders_with_the_app_styles()
    {
        await using var factory = new MessagingAppFactory();
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/Account/Login", TestContext.Current.CancellationToken);

        Assert.Contains("_content/MudBlazor/MudBlazor.min", html, StringComparison.Ordinal);
        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("Sign in", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
    }
}
