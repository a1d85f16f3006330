using System.Buffers.Binary;

namespace Messaging.Bench.Load;

/// <summary>
/// Every message the generator sent, by its number in the run: plain structs in fixed chunks, no object per message.
/// A dictionary of one object per message made the generator's own collections pause it for up to 190 ms (when the
/// dictionary grew), and those pauses showed up as latency, which counts from the scheduled time. The message's client
/// id carries its number and a random tag, so a delivery finds its entry without a lookup table.
/// </summary>
public sealed class TrackedMessages
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;

    // Up to 2^30 messages; chunks are allocated as the run reaches them and never move.
    private readonly Entry[]?[] _chunks = new Entry[]?[1 << 14];
    private readonly Lock _growing = new();
    private long _count;

    public struct Entry
    {
        public long Intended;
        public long Tag;

        /// <summary>The phase's <see cref="Phase.Index"/>; 0 while the entry is being filled in.</summary>
        public int Phase;

        public int Delivered;
        public int Accepted;
    }

    /// <summary>Entries handed out so far (the last few may still be being filled in).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records message <paramref name="number"/> (numbers are handed out in order, from 0) and returns its client id.</summary>
    public Guid Add(long number, int phase, long intended)
    {
        var chunk = (int)(number >> ChunkBits);
        if (Volatile.Read(ref _chunks[chunk]) is null)
        {
            lock (_growing)
            {
                _chunks[chunk] ??= new Entry[ChunkSize];
            }
        }

        var tag = Random.Shared.NextInt64();
        ref var entry = ref At(number);
        entry.Intended = intended;
        entry.Tag = tag;
        Volatile.Write(ref entry.Phase, phase);
        InterlockedMax(ref _count, number + 1);

        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(id, number);
        BinaryPrimitives.WriteInt64LittleEndian(id[8..], tag);
        return new Guid(id);
    }

    /// <summary>The number of the message with this client id, if the generator sent it.</summary>
    public bool TryFind(Guid clientMessageId, out long number)
    {
        Span<byte> id = stackalloc byte[16];
        clientMessageId.TryWriteBytes(id);
        number = BinaryPrimitives.ReadInt64LittleEndian(id);
        return number >= 0 && number < Count && Volatile.Read(ref _chunks[number >> ChunkBits]) is not null
            && At(number).Tag == BinaryPrimitives.ReadInt64LittleEndian(id[8..]);
    }

    public ref Entry At(long number) => ref _chunks[number >> ChunkBits]![number & (ChunkSize - 1)];

    private static void InterlockedMax(ref long target, long value)
    {
        for (var current = Interlocked.Read(ref target); current < value; current = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
