using System.Security.Cryptography;

namespace Messaging.Bench.App;

/// <summary>Throwaway encryption keys for one bench run, given to the server and to the in-process services alike.</summary>
public static class BenchKeys
{
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string BlindIndexKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>In configuration form (<c>Section:Key</c>); use <c>__</c> for environment variables.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Encryption:Keys:bench"] = Key,
        ["Encryption:ActiveKeyId"] = "bench",
        ["Encryption:BlindIndexKey"] = BlindIndexKey,
    };
}
