using Messaging.Web.Circuits;
using Messaging.Data;
using Messaging.Web.Components.Chat;
using Messaging.Web.Components.Layout;
using Microsoft.AspNetCore.Components.Server.Circuits;
using MudBlazor;
using MudBlazor.Services;

namespace Messaging.Web.Infrastructure;

internal static class WebServiceCollectionExtensions
{
    /// <summary>Razor components on the server circuit, MudBlazor, health checks and the options the web host reads.</summary>
    public static IServiceCollection AddMessagingWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>()
            .Bind(configuration.GetSection(AdminOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid(), "Admin:Email must be a valid e-mail address, and Admin:Password must be set with it.")
            .ValidateOnStart();

        services.AddHostedService<KeyRotationService>();
        services.AddHostedService<SearchFilterBackfillService>();

        services.AddRazorComponents()
            .AddInteractiveServerComponents();

        services.AddSingleton<ThemeStylesheets>();
        services.AddScoped<ClientClock>();
        services.AddScoped<CircuitContext>();
        services.AddScoped<CircuitHandler, PresenceCircuitHandler>();
        services.AddScoped<CircuitEventBus>();
        services.AddScoped<BrowserScripts>();
        services.AddScoped<RoomServices>();
        services.AddScoped<CircuitHandler, CircuitConnectionHandler>();

        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.PreventDuplicates = true;
        });

        // Redis and the bus add their own checks (AddMessagingRedis).
        services.AddHealthChecks()
            .AddDbContextCheck<MessagingDbContext>("database", tags: ["ready"])
            .AddCheck<DatabaseWriteHealthCheck>("database-write", tags: ["ready"]);
        return services;
    }
}
