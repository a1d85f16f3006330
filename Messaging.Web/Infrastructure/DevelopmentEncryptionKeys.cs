using System.Text.Json;
using Messaging.Core.Encryption;

namespace Messaging.Web.Infrastructure;

/// <summary>
/// Development only: when no message key is configured, generates one (and a blind-index key) on first start
/// into <c>App_Data/keys.json</c> under the content root and loads it, so the same keys serve every later run.
/// Outside Development nothing is generated: start-up fails until keys are configured.
/// </summary>
internal static class DevelopmentEncryptionKeys
{
    public const string FileName = "keys.json";

    public static void AddDevelopmentEncryptionKeys(this ConfigurationManager configuration, IWebHostEnvironment environment)
    {
        if (!environment.IsDevelopment() || configuration.GetSection($"{EncryptionOptions.SectionName}:Keys").GetChildren().Any())
        {
            return;
        }

        var path = Path.Combine(environment.ContentRootPath, "App_Data", FileName);
        EnsureFile(path);
        configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
    }

    internal static void EnsureFile(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var keyId = $"dev-{DateTime.UtcNow:yyyyMMdd}";
        var content = new
        {
            Encryption = new
            {
                ActiveKeyId = keyId,
                Keys = new Dictionary<string, string> { [keyId] = EncryptionOptions.NewKey() },
                BlindIndexKey = EncryptionOptions.NewKey(),
            },
        };
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            JsonSerializer.Serialize(stream, content, new JsonSerializerOptions { WriteIndented = true });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process started at the same moment and wrote the file first: use its keys.
        }
    }
}
