using System.Buffers;
using System.Buffers.Binary;
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

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordsBySpan = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

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
        if (text is not null && Ascii.IsValid(text))
        {
            return AsciiFilter(conversationId, text);
        }

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

    /// <summary>
    /// <see cref="Filter"/> of ASCII text, where <see cref="Words"/> comes down to runs of letters and digits, lower-cased:
    /// each word is hashed from the text itself, with no string per word (most messages take this path).
    /// </summary>
    private byte[] AsciiFilter(Guid conversationId, string text)
    {
        var maxWords = text.Length / (MinWordLength + 1) + 1;
        var tokens = ArrayPool<byte>.Shared.Rent(maxWords * TokenSize);
        var keys = ArrayPool<ulong>.Shared.Rent(maxWords);
        try
        {
            Span<byte> input = stackalloc byte[16 + MaxWordLength];
            Span<char> lower = stackalloc char[MaxWordLength];
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            conversationId.TryWriteBytes(input[..16], bigEndian: true, out _);
            var count = 0;
            for (var i = 0; i < text.Length;)
            {
                if (!char.IsAsciiLetterOrDigit(text[i]))
                {
                    i++;
                    continue;
                }

                var start = i;
                while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
                {
                    i++;
                }

                var length = Math.Min(i - start, MaxWordLength);
                var word = lower[..length];
                for (var c = 0; c < length; c++)
                {
                    word[c] = char.ToLowerInvariant(text[start + c]);
                    input[16 + c] = (byte)word[c];
                }

                if (length < MinWordLength || StopWordsBySpan.Contains(word))
                {
                    continue;
                }

                HMACSHA256.HashData(_key, input[..(16 + length)], hash);
                hash[..TokenSize].CopyTo(tokens.AsSpan(count * TokenSize));
                keys[count++] = BinaryPrimitives.ReadUInt64LittleEndian(hash);
            }

            // A word that comes back gives the same token again: the filter is sized by the distinct ones.
            var sorted = keys.AsSpan(0, count);
            sorted.Sort();
            var distinct = 0;
            for (var k = 0; k < count; k++)
            {
                distinct += k == 0 || sorted[k] != sorted[k - 1] ? 1 : 0;
            }

            var filter = SearchFilter.Create(distinct);
            for (var t = 0; t < count; t++)
            {
                SearchFilter.Add(filter, tokens.AsSpan(t * TokenSize, TokenSize));
            }

            return filter;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tokens);
            ArrayPool<ulong>.Shared.Return(keys);
        }
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
        // A word from Words is at most MaxWordLength characters, 3 bytes each in UTF-8 at most; a longer one is hashed
        // whole, from the heap.
        var size = 16 + Encoding.UTF8.GetMaxByteCount(word.Length);
        Span<byte> input = size <= 16 + MaxWordLength * 3 ? stackalloc byte[16 + MaxWordLength * 3] : new byte[size];
        conversationId.TryWriteBytes(input[..16], bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(word, input[16..]);
        HMACSHA256.HashData(_key, input[..length], hash);
    }
}
