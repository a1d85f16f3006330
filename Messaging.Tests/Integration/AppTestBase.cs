namespace Messaging.Tests.Integration;

/// <summary>A test class with its own app (own SQLite file) and the helpers to make users, tokens and hub clients.</summary>
public abstract class AppTestBase : IAsyncLifetime
{
    protected AppTestBase() => App = new HubTestApp(Factory);

    protected MessagingAppFactory Factory { get; } = new();

    protected HubTestApp App { get; }

    /// <summary>Runs before the app starts: set <see cref="MessagingAppFactory.Settings"/> here.</summary>
    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
