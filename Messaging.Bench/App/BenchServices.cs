using Messaging.Core;
using Messaging.Data;
using Messaging.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Messaging.Bench.App;

/// <summary>
/// The app's own Core and Data services over a given database, for seeding before the server starts and for
/// the micro-benchmarks. Identity is registered as the web app does, minus cookies and sign-in.
/// </summary>
public static class BenchServices
{
    public static ServiceProvider Create(string provider, string connectionString, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Messaging"] = connectionString,
            ["RateLimits:MessagesPerMinute"] = "10000",
            ["RateLimits:ConversationsPerDay"] = "10000",
        };
        foreach (var (key, value) in BenchKeys.Settings)
        {
            values[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddMessagingCore();
        services.AddMessagingData(configuration, Path.GetTempPath());
        services.AddIdentityCore<ApplicationUser>(o => o.User.RequireUniqueEmail = true)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MessagingDbContext>();
        // Hashing a password costs tens of milliseconds by design; every bench user has the same one, so hash it once.
        services.Replace(ServiceDescriptor.Singleton<IPasswordHasher<ApplicationUser>, OnceHashedPassword>());
        services.AddScoped<AccountService>();
        return services.BuildServiceProvider();
    }

    private sealed class OnceHashedPassword : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> _hasher = new();
        private readonly Dictionary<string, string> _hashes = [];

        public string HashPassword(ApplicationUser user, string password)
        {
            lock (_hashes)
            {
                if (!_hashes.TryGetValue(password, out var hash))
                {
                    _hashes[password] = hash = _hasher.HashPassword(user, password);
                }

                return hash;
            }
        }

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword) =>
            _hasher.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
