using Messaging.Web.Attachments;
using Messaging.Web.Components;
using Messaging.Web.Components.Account;
using Messaging.Web.Components.Chat;
using Messaging.Web.Components.Layout;
using Messaging.Web.Realtime;
using Messaging.Web.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Messaging.Web.Interviews;

namespace Messaging.Web.Infrastructure;

internal static class PipelineExtensions
{
    public static WebApplication UseMessagingPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseMessagingSecurity();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.Services.GetRequiredService<ThemeStylesheets>().Map(app);
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode();

        app.MapAccountEndpoints();
        app.MapAttachmentEndpoints();
        app.MapInterviewEndpoints();
        app.MapMessagingRealtime();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync })
            .DisableHttpMetrics();
        return app;
    }
}
