namespace Messaging.Core.Moderation;

/// <summary>One normalised rendering of a message, with a map from each of its characters back to the original.</summary>
public sealed class NormalizedView
{
    private readonly string _source;
    private readonly TextNormalizer.ViewKind _kind;
    private Maps? _maps;

    internal NormalizedView(string value, string source, TextNormalizer.ViewKind kind)
    {
        Value = value;
        _source = source;
        _kind = kind;
    }

    public string Value { get; }

    /// <summary>The part of the original text that produced <paramref name="length"/> characters from <paramref name="index"/>.</summary>
    public TextSpan ToSource(int index, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index + length, Value.Length);
        // The map is built on first use (a rule matched): most messages match nothing and never need it. Built twice
        // at worst when two threads ask at once; both are the same.
        var maps = Volatile.Read(ref _maps);
        if (maps is null)
        {
            var (starts, ends) = TextNormalizer.MapsOf(_source, _kind);
            Volatile.Write(ref _maps, maps = new Maps(starts, ends));
        }

        return TextSpan.FromBounds(maps.Starts[index], maps.Ends[index + length - 1]);
    }

    private sealed record Maps(int[] Starts, int[] Ends);

    public override string ToString() => Value;
}

/// <summary>
/// The forms of a message that moderation matches against. All are lower case, without accents, with look-alike
/// and l33t characters read as letters inside words, and with words separated by single spaces.
/// </summary>
public sealed class NormalizedText
{
    internal NormalizedText(NormalizedView words, NormalizedView joined, NormalizedView marked)
    {
        Words = words;
        Joined = joined;
        Marked = marked;
    }

    /// <summary>Every word on its own; runs of three or more equal letters collapsed ("scaaam" → "scam").</summary>
    public NormalizedView Words { get; }

    /// <summary>As <see cref="Words"/>, with letter-spaced runs joined: "is it a s.c.a.m" → "is it ascam".</summary>
    public NormalizedView Joined { get; }

    /// <summary>
    /// The view blocked words are matched in: single letters of a letter-spaced run stay apart, separated by
    /// <see cref="TextNormalizer.SoftBoundary"/> instead of a space, so a word may start or end inside the run;
    /// characters that read as i or l are <see cref="CharacterFolding.AmbiguousIOrL"/>; repeats are kept.
    /// </summary>
    internal NormalizedView Marked { get; }

    /// <summary>The normalised text, as a rule author sees it.</summary>
    public string Text => Words.Value;

    public override string ToString() => Text;
}
