using Messaging.Core;
using Messaging.Data;
using Messaging.Web.Infrastructure;
using Messaging.Web.Security;
using Messaging.Web.Realtime;

var builder = WebApplication.CreateBuilder(args);

builder.Configuration.AddRepositorySettings(builder.Environment);
builder.Configuration.AddDevelopmentEncryptionKeys(builder.Environment);

builder.Services.AddMessagingCore();
builder.Services.AddMessagingData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddMessagingIdentity();
builder.Services.AddMessagingWeb(builder.Configuration);
builder.Services.AddMessagingSecurity(builder.Configuration, builder.Environment);
builder.Services.AddMessagingRealtime(builder.Configuration);

var app = builder.Build();

await app.InitializeDatabaseAsync(args);
if (args.Contains("--migrate-only"))
{
    return;
}

app.UseMessagingPipeline();

await app.RunAsync();

/// <summary>Entry point; public so that WebApplicationFactory can host it in tests.</summary>
public partial class Program;
