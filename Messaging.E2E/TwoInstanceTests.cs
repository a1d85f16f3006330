using Messaging.E2E.Infrastructure;

namespace Messaging.E2E;

/// <summary>
/// Two browsers on two different app instances sharing one PostgreSQL database and one Redis: messages,
/// typing and read receipts cross instances live. Needs the servers scripts/test.sh starts.
/// </summary>
public class TwoInstanceTests(E2EFixture fixture) : IAsyncLifetime
{
    private AppServer? _a;
    private AppServer? _b;

    public async ValueTask InitializeAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("MESSAGING_TEST_POSTGRES");
        var redis = Environment.GetEnvironmentVariable("MESSAGING_TEST_REDIS");
        if (string.IsNullOrWhiteSpace(postgres) || string.IsNullOrWhiteSpace(redis))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("PostgreSQL and Redis are required under CI: run scripts/test.sh.");
            }

            Assert.Skip("PostgreSQL and Redis are not configured (run scripts/test.sh).");
        }

        // A database of its own (created by the first instance's migration), shared by both instances.
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = postgres };
        builder["Database"] = $"messaging_e2e_{Guid.NewGuid():N}";
        var database = builder.ConnectionString;
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Messaging"] = database,
            ["ConnectionStrings__Redis"] = redis!,
        };
        _a = await AppServer.StartAsync(settings);
        _b = await AppServer.StartAsync(settings);
    }

    public async ValueTask DisposeAsync()
    {
        await fixture.CapturePagesAsync(TestContext.Current.Test?.TestDisplayName ?? "test");
        // The instances' logs, for when something fails on a server.
        foreach (var (name, server) in new[] { ("a", _a), ("b", _b) })
        {
            if (server is not null)
            {
                await File.WriteAllTextAsync(Path.Combine(E2EFixture.ScreenshotFolder, $"two-instance-{name}.log"), server.Output);
            }
        }

        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }
    }

    [Fact]
    public async Task People_on_different_instances_chat_live_with_typing_and_receipts()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var candidateName = $"Xena {suffix}";
        var candidate = await fixture.NewCandidateAsync(candidateName, _a!.BaseUrl);
        var employer = await fixture.NewEmployerAsync($"Yuri {suffix}", "Two Instances Ltd", _b!.BaseUrl);

        await ChatTests.StartConversationAsync(employer, candidateName);
        await ChatTests.SendAsync(employer, "Hello from instance B");

        var item = candidate.GetByTestId("conversation-item");
        await Expect(item.GetByTestId("unread-badge")).ToHaveTextAsync("1");
        await item.ClickAsync();
        await Expect(candidate.GetByTestId("message-body").Last).ToHaveTextAsync("Hello from instance B");
        await Expect(employer.GetByTestId("message-status").Last).ToHaveAttributeAsync("aria-label", "Read");

        await ChatTests.WaitForComposerAsync(candidate);
        await candidate.GetByTestId("composer").Locator("textarea").PressSequentiallyAsync("Hi from A");
        await Expect(employer.GetByTestId("typing-indicator")).ToContainTextAsync("is typing");
        await candidate.GetByTestId("composer").Locator("textarea").PressAsync("Enter");
        await Expect(employer.GetByTestId("message-body").Last).ToHaveTextAsync("Hi from A");
        await Expect(employer.GetByTestId("room-presence")).ToHaveTextAsync("Online");
    }
}
