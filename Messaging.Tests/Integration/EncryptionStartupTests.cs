using Messaging.Core.Encryption;
using Messaging.Web.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Messaging.Tests.Integration;

public class EncryptionStartupTests
{
    [Fact]
    public async Task Outside_Development_start_up_refuses_without_a_key_and_says_what_to_configure()
    {
        await using var factory = new MessagingAppFactory { WithEncryptionKeys = false };

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("No message encryption key is configured", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Development_generates_a_key_file_once_and_keeps_it()
    {
        var folder = Directory.CreateTempSubdirectory("messaging-keys-").FullName;
        try
        {
            var path = Path.Combine(folder, "App_Data", DevelopmentEncryptionKeys.FileName);

            DevelopmentEncryptionKeys.EnsureFile(path);
            var first = File.ReadAllText(path);
            DevelopmentEncryptionKeys.EnsureFile(path);

            Assert.Equal(first, File.ReadAllText(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            var options = new ConfigurationBuilder().AddJsonFile(path).Build().GetSection(EncryptionOptions.SectionName).Get<EncryptionOptions>()!;
            Assert.True(new EncryptionOptionsValidator().Validate(null, options).Succeeded);
            Assert.Single(options.Keys);
            Assert.Equal(options.ActiveKeyId, options.Keys.Keys.Single());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
