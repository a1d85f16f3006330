using Messaging.Core.Encryption;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Messaging.Tests.Infrastructure;

/// <summary>Fixed encryption settings for tests: the app refuses to start outside Development without keys.</summary>
public static class TestKeys
{
    public const string KeyId = "test-1";

    public static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static readonly string BlindIndexKey = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    public static EncryptionOptions Options(string activeKeyId = KeyId, params (string Id, string Key)[] keys)
    {
        var options = new EncryptionOptions { ActiveKeyId = activeKeyId, BlindIndexKey = BlindIndexKey };
        options.Keys[KeyId] = Key;
        foreach (var (id, key) in keys)
        {
            options.Keys[id] = key;
        }

        return options;
    }

    /// <summary>A cipher on the test key, for tests that write messages without the services.</summary>
    public static MessageCipher Cipher(EncryptionOptions? options = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? Options()), NullLogger<MessageCipher>.Instance);

    /// <summary>The settings as configuration keys (<c>Encryption:...</c>).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Encryption:Keys:" + KeyId, Key),
        new("Encryption:ActiveKeyId", KeyId),
        new("Encryption:BlindIndexKey", BlindIndexKey),
    ];
}
