using System.Buffers.Binary;
using System.Numerics;

namespace Messaging.Core.Encryption;

/// <summary>
/// A message's search filter: a Bloom filter over the blind-index tokens of its shown text, stored in the message's
/// own row. A search tests each message of the conversation against the query's tokens, then decrypts the candidates
/// and keeps those that really contain every word, so the filter's false positives never reach a result.
/// </summary>
/// <remarks>
/// It replaced a table with one row per word (ConversationId, Token, MessageId). Those rows went into the B-tree at
/// places spread by token value, so every word of every sent message dirtied a page of its own, written to the
/// database's log at each commit and again at its checkpoint: two thirds of the cost of a send on SQLite
/// (docs/benchmarks.md). A filter is ~2 bytes per word inside a row that is written anyway. The cost moves to search,
/// which reads the conversation's filters newest first instead of seeking the words' index entries.
/// </remarks>
public static class SearchFilter
{
    /// <summary>Bits set per token. With <see cref="BitsPerToken"/> bits per token, a word that is not in a message passes its filter ~0.2% of the time.</summary>
    public const int Probes = 4;

    public const int BitsPerToken = 16;

    public const int MinBits = 64;

    public const int MaxBits = 8192;

    /// <summary>The filter of <paramref name="tokens"/>: a power of two of bits, <see cref="Probes"/> of them per token; empty when there are none.</summary>
    public static byte[] Build(IReadOnlyCollection<byte[]> tokens)
    {
        var filter = Create(tokens.Count);
        foreach (var token in tokens)
        {
            Add(filter, token);
        }

        return filter;
    }

    /// <summary>An empty filter sized for <paramref name="tokens"/> tokens (no bytes for none); <see cref="Add"/> fills it.</summary>
    public static byte[] Create(int tokens) =>
        tokens == 0 ? [] : new byte[(int)Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)(tokens * BitsPerToken)), MinBits, MaxBits) / 8];

    /// <summary>Sets the <see cref="Probes"/> bits of <paramref name="token"/> in <paramref name="filter"/>.</summary>
    public static void Add(byte[] filter, ReadOnlySpan<byte> token)
    {
        var bits = filter.Length * 8;
        for (var probe = 0; probe < Probes; probe++)
        {
            var bit = Position(token, probe, bits);
            filter[bit >> 3] |= (byte)(1 << (bit & 7));
        }
    }

    /// <summary>False when the text behind <paramref name="filter"/> surely lacks one of <paramref name="tokens"/>; true when it may have them all.</summary>
    public static bool MayContainAll(byte[]? filter, IReadOnlyList<byte[]> tokens)
    {
        if (filter is null || filter.Length == 0)
        {
            return false;
        }

        var bits = filter.Length * 8;
        foreach (var token in tokens)
        {
            for (var probe = 0; probe < Probes; probe++)
            {
                var bit = Position(token, probe, bits);
                if ((filter[bit >> 3] & (1 << (bit & 7))) == 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    // A token is an HMAC output, uniformly random: its four 32-bit words are four independent positions.
    private static int Position(ReadOnlySpan<byte> token, int probe, int bits) =>
        (int)(BinaryPrimitives.ReadUInt32LittleEndian(token.Slice(probe * 4, 4)) & (uint)(bits - 1));
}
