using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Messaging.Core.Encryption;

/// <summary>
/// Search tokens for encrypted messages: a keyed HMAC-SHA256 of each normalised word, truncated to
/// <see cref="TokenSize"/> bytes. The conversation id is part of the HMAC input, so equal words give equal
/// tokens within one conversation only. A message stores its tokens only as bits of its <see cref="SearchFilter"/>,
/// so the database holds no token itself; a query's tokens are computed when it runs.
/// </summary>
public sealed class BlindIndex(IOptions<EncryptionOptions> options)
{
    public const int TokenSize = 16;

    public const int MinWordLength = 2;

    /// <summary>Longer "words" (pasted hashes, URLs without separators) are cut: search matches on the start.</summary>
    public const int MaxWordLength = 64;

    /// <summary>
    /// The commonest English words, which nobody searches a chat for: not indexed (a sent message has a third fewer
    /// tokens to hash and store, and the index reveals less) and left out of queries.
    /// </summary>
    public static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "an", "and", "are", "as", "at", "be", "but", "by", "do", "for", "from", "has", "have", "he", "her", "his", "if", "in",
        "is", "it", "its", "me", "my", "of", "on", "or", "our", "she", "so", "that", "the", "their", "them", "they", "this",
        "to", "us", "was", "we", "were", "will", "with", "you", "your",
    ], StringComparer.Ordinal);

    private readonly byte[] _key = EncryptionOptions.DecodeKey(options.Value.BlindIndexKey)!;

    /// <summary>Lower-cased, accents stripped, split on anything but letters and digits, short words and <see cref="StopWords"/> dropped, each word once.</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
            {
                folded.Append(char.IsLetterOrDigit(c) ? c : ' ');
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= MinWordLength && !StopWords.Contains(w))
            .Select(w => w.Length <= MaxWordLength ? w : w[..MaxWordLength])
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The distinct tokens of <paramref name="text"/> in <paramref name="conversationId"/>.</summary>
    public IReadOnlyList<byte[]> Tokens(Guid conversationId, string? text) => Tokens(conversationId, Words(text));

    /// <summary>The tokens of <paramref name="words"/> (from <see cref="Words"/>) in <paramref name="conversationId"/>.</summary>
    public IReadOnlyList<byte[]> Tokens(Guid conversationId, IReadOnlyList<string> words) =>
        words.Select(w => Token(conversationId, w)).ToList();

    /// <summary>The search filter (see <see cref="SearchFilter"/>) of <paramref name="text"/>, shown in <paramref name="conversationId"/>.</summary>
    public byte[] Filter(Guid conversationId, string? text)
    {
        // Every send computes one: the tokens are hashed into one buffer on the stack instead of an array each.
        var words = Words(text);
        var filter = SearchFilter.Create(words.Count);
        Span<byte> token = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var word in words)
        {
            Hash(conversationId, word, token);
            SearchFilter.Add(filter, token[..TokenSize]);
        }

        return filter;
    }

    private byte[] Token(Guid conversationId, string word)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Hash(conversationId, word, hash);
        return hash[..TokenSize].ToArray();
    }

    /// <summary>HMAC-SHA256 of the conversation id and the word into <paramref name="hash"/> (32 bytes); the token is its start.</summary>
    private void Hash(Guid conversationId, string word, Span<byte> hash)
    {
        // A word is at most MaxWordLength characters, so at most 3 bytes each in UTF-8.
        Span<byte> input = stackalloc byte[16 + MaxWordLength * 3];
        conversationId.TryWriteBytes(input[..16], bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(word, input[16..]);
        HMACSHA256.HashData(_key, input[..length], hash);
    }
}
