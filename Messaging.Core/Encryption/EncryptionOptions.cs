using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Messaging.Core.Encryption;

/// <summary>
/// The <c>Encryption</c> section: the message keys by id (base64, 32 bytes each), which one encrypts new
/// messages, and the separate key of the search blind index.
/// </summary>
public sealed class EncryptionOptions
{
    public const string SectionName = "Encryption";

    public const int KeySize = 32;

    public const int MaxKeyIdLength = 32;

    /// <summary>Key id -> base64 key. Old keys stay here until the rotation job has moved every message off them.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    [Required(ErrorMessage = "Encryption:ActiveKeyId is not set: name the key (in Encryption:Keys) that encrypts new messages.")]
    public string? ActiveKeyId { get; set; }

    [Required(ErrorMessage = "Encryption:BlindIndexKey is not set: configure a base64 key of 32 bytes, separate from the message keys.")]
    public string? BlindIndexKey { get; set; }

    /// <summary>Messages re-encrypted per transaction by the rotation job.</summary>
    [Range(1, 10_000)]
    public int RotationBatchSize { get; set; } = 500;

    /// <summary>Run the rotation job in the background at start (off for a second instance, if wanted).</summary>
    public bool RotateOnStartup { get; set; } = true;

    /// <summary>A fresh random key, base64: what an operator puts into <see cref="Keys"/> or <see cref="BlindIndexKey"/>.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize));

    internal static byte[]? DecodeKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[KeySize + 1];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == KeySize ? buffer[..KeySize] : null;
    }

    internal static bool IsValidKeyId(string id) =>
        id.Length is > 0 and <= MaxKeyIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

/// <summary>The checks data annotations cannot express: every key decodes to 32 bytes and the active one exists.</summary>
internal sealed class EncryptionOptionsValidator : IValidateOptions<EncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, EncryptionOptions options)
    {
        var problems = new List<string>();
        if (options.Keys.Count == 0)
        {
            problems.Add("No message encryption key is configured. Set Encryption:Keys:<id> to a base64 key of 32 bytes "
                + "(e.g. environment variable Encryption__Keys__k1) and Encryption:ActiveKeyId to its id. "
                + "Only Development generates keys by itself (in App_Data/keys.json).");
        }

        foreach (var (id, key) in options.Keys)
        {
            if (!EncryptionOptions.IsValidKeyId(id))
            {
                problems.Add($"Encryption key id '{id}' is not valid: use 1 to {EncryptionOptions.MaxKeyIdLength} letters, digits, '-', '_' or '.'.");
            }

            if (EncryptionOptions.DecodeKey(key) is null)
            {
                problems.Add($"Encryption:Keys:{id} is not a base64 key of {EncryptionOptions.KeySize} bytes.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ActiveKeyId) && options.Keys.Count > 0 && !options.Keys.ContainsKey(options.ActiveKeyId))
        {
            problems.Add($"Encryption:ActiveKeyId is '{options.ActiveKeyId}' but Encryption:Keys has no key with that id.");
        }

        if (!string.IsNullOrWhiteSpace(options.BlindIndexKey))
        {
            var blind = EncryptionOptions.DecodeKey(options.BlindIndexKey);
            if (blind is null)
            {
                problems.Add($"Encryption:BlindIndexKey is not a base64 key of {EncryptionOptions.KeySize} bytes.");
            }
            else if (options.Keys.Values.Any(k => EncryptionOptions.DecodeKey(k) is { } key && key.AsSpan().SequenceEqual(blind)))
            {
                problems.Add("Encryption:BlindIndexKey must differ from every message key.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
