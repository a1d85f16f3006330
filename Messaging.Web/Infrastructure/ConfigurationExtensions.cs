using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Messaging.Web.Infrastructure;

internal static class ConfigurationExtensions
{
    /// <summary>
    /// Loads the repository's single <c>appsettings.json</c> (copied next to the app at build time) with the
    /// lowest priority, so appsettings.{Environment}.json, environment variables and the command line override it.
    /// </summary>
    public static void AddRepositorySettings(this ConfigurationManager configuration, IWebHostEnvironment environment)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(path) || string.Equals(Path.GetFullPath(path), Path.GetFullPath(Path.Combine(environment.ContentRootPath, "appsettings.json")), StringComparison.Ordinal))
        {
            return;
        }

        var source = new JsonConfigurationSource
        {
            Path = Path.GetFileName(path),
            FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(path)!),
            Optional = false,
            ReloadOnChange = false,
        };
        var sources = (IList<IConfigurationSource>)((IConfigurationBuilder)configuration).Sources;
        var firstJson = sources.Select((s, i) => (s, i)).FirstOrDefault(x => x.s is JsonConfigurationSource).i;
        sources.Insert(firstJson, source);
    }
}
