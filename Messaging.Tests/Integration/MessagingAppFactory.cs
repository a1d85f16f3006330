using Messaging.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Messaging.Tests.Integration;

/// <summary>The real app on its own SQLite file, configured the way an operator would (settings, not reflection).</summary>
public sealed class MessagingAppFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("messaging-web-").FullName;

    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Configure the test encryption keys (the app refuses to start outside Development without keys).</summary>
    public bool WithEncryptionKeys { get; set; } = true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Messaging", $"Data Source={Path.Combine(_folder, "app.db")}");
        builder.UseSetting("ConnectionStrings:Redis", "");
        builder.UseSetting("Attachments:Path", Path.Combine(_folder, "attachments"));
        foreach (var (key, value) in WithEncryptionKeys ? TestKeys.Settings : [])
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a late finaliser: the temp folder is cleaned by the OS.
            }
        }
    }
}
