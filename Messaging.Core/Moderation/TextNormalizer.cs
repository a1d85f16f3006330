using System.Text;

namespace Messaging.Core.Moderation;

/// <summary>
/// Turns a message into the forms moderation matches against (see <see cref="NormalizedText"/>). Letter-spacing
/// tricks ("s c a m", "s.c.a.m", "5-c-4-m") are recognised as runs of single characters with short gaps between
/// them; ordinary words keep their boundaries, so "scam artist" stays two words and "class" never contains "ass".
/// </summary>
public static class TextNormalizer
{
    /// <summary>Separates the letters of a letter-spaced run in <see cref="NormalizedText.Marked"/>.</summary>
    public const char SoftBoundary = '·';

    private const int MaxGapInRun = 3;

    private enum GlyphKind
    {
        Letter,
        Digit,
        Symbol,
        Separator,
    }

    private readonly record struct Glyph(char Char, int Start, int End, GlyphKind Kind);

    /// <summary>A word: <paramref name="Count"/> glyphs from <paramref name="First"/> in the word glyphs (see <see cref="Tokenize"/>).</summary>
    private readonly record struct Token(int First, int Count, int Start, int End, bool HasLetter)
    {
        public bool IsSingle => Count == 1;
    }

    internal enum ViewKind
    {
        Words,
        Joined,
        Marked,
    }

    // Working lists, one set per thread: normalising is synchronous and never nested, and every message needed three
    // lists of its length before. A list grown by a very long message is let go rather than kept.
    private const int MaxKeptCapacity = 2048;

    [ThreadStatic]
    private static List<Glyph>? t_folded;

    [ThreadStatic]
    private static List<Glyph>? t_wordGlyphs;

    [ThreadStatic]
    private static List<Token>? t_tokens;

    [ThreadStatic]
    private static StringBuilder? t_builder;

    public static NormalizedText Normalize(string text) => Run(text, mapsOf: null).Text!;

    /// <summary>
    /// Where each character of the <paramref name="kind"/> view of <paramref name="text"/> came from: computed again,
    /// only when a rule matched, so the common message that matches nothing allocates no maps.
    /// </summary>
    internal static (int[] Starts, int[] Ends) MapsOf(string text, ViewKind kind) => Run(text, kind).Maps;

    private static (NormalizedText? Text, (int[], int[]) Maps) Run(string text, ViewKind? mapsOf)
    {
        var folded = Take(ref t_folded);
        var glyphs = Take(ref t_wordGlyphs);
        var tokens = Take(ref t_tokens);
        var builder = t_builder ?? new StringBuilder();
        t_builder = null;
        try
        {
            Fold(text, folded);
            Tokenize(folded, glyphs, tokens);
            return Normalize(text, glyphs, tokens, builder, mapsOf);
        }
        finally
        {
            Keep(ref t_folded, folded);
            Keep(ref t_wordGlyphs, glyphs);
            Keep(ref t_tokens, tokens);
            if (builder.Capacity <= MaxKeptCapacity)
            {
                t_builder = builder;
            }
        }
    }

    private static List<T> Take<T>(ref List<T>? kept)
    {
        var list = kept ?? [];
        kept = null;
        list.Clear();
        return list;
    }

    private static void Keep<T>(ref List<T>? kept, List<T> list)
    {
        if (list.Capacity <= MaxKeptCapacity)
        {
            kept = list;
        }
    }

    private static (NormalizedText? Text, (int[], int[]) Maps) Normalize(string text, List<Glyph> glyphs, List<Token> tokens, StringBuilder builder, ViewKind? mapsOf)
    {
        var softBefore = new bool[tokens.Count];
        var anySoft = false;
        for (var i = 1; i < tokens.Count; i++)
        {
            softBefore[i] = tokens[i - 1].IsSingle && tokens[i].IsSingle && IsShortGap(text, tokens[i - 1].End, tokens[i].Start);
            anySoft |= softBefore[i];
        }

        // A run of letter-spaced characters reads digits as letters when any of it is a letter ("5 c 4 m").
        var runHasLetter = new bool[tokens.Count];
        for (var start = 0; start < tokens.Count;)
        {
            var end = start + 1;
            var hasLetter = tokens[start].HasLetter;
            while (end < tokens.Count && softBefore[end])
            {
                hasLetter |= tokens[end].HasLetter;
                end++;
            }

            Array.Fill(runHasLetter, hasLetter, start, end - start);
            start = end;
        }

        if (mapsOf is { } kind)
        {
            var capacity = glyphs.Count + tokens.Count;
            var maps = (new int[capacity], new int[capacity]);
            BuildView(glyphs, tokens, softBefore, runHasLetter, kind, builder, maps);
            return (null, maps);
        }

        // Without letter-spaced runs, joining them changes nothing: the two views are one.
        var words = new NormalizedView(BuildView(glyphs, tokens, softBefore, runHasLetter, ViewKind.Words, builder, null), text, ViewKind.Words);
        return (new NormalizedText(
            words,
            anySoft ? new NormalizedView(BuildView(glyphs, tokens, softBefore, runHasLetter, ViewKind.Joined, builder, null), text, ViewKind.Joined) : words,
            new NormalizedView(BuildView(glyphs, tokens, softBefore, runHasLetter, ViewKind.Marked, builder, null), text, ViewKind.Marked)), default);
    }

    /// <summary>The words of a blocked word or phrase, normalised like messages are.</summary>
    public static IReadOnlyList<string> NormalizeTerm(string term) =>
        Normalize(term).Joined.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static void Fold(string text, List<Glyph> glyphs)
    {
        for (var i = 0; i < text.Length;)
        {
            var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            foreach (var c in length == 1 ? CharacterFolding.Fold(text[i]) : CharacterFolding.Fold(text.Substring(i, length)))
            {
                var kind = char.IsLetter(c) ? GlyphKind.Letter
                    : char.IsDigit(c) ? GlyphKind.Digit
                    : CharacterFolding.LeetSymbols.Contains(c) ? GlyphKind.Symbol
                    : GlyphKind.Separator;
                glyphs.Add(new Glyph(c, i, i + length, kind));
            }

            i += length;
        }
    }

    /// <summary>
    /// The words of the folded text: their glyphs one after the other in one list (separators and an apostrophe inside
    /// a word left out), and each word as a range of it.
    /// </summary>
    private static void Tokenize(List<Glyph> folded, List<Glyph> glyphs, List<Token> tokens)
    {
        var wordStart = 0;
        for (var i = 0; i <= folded.Count; i++)
        {
            if (i < folded.Count && folded[i].Kind != GlyphKind.Separator)
            {
                glyphs.Add(folded[i]);
                continue;
            }

            // An apostrophe inside a word joins it: "don't" is one word, "dont".
            if (i < folded.Count && CharacterFolding.IsApostrophe(folded[i].Char) && glyphs.Count > wordStart
                && glyphs[^1].Kind == GlyphKind.Letter && i + 1 < folded.Count && folded[i + 1].Kind == GlyphKind.Letter)
            {
                continue;
            }

            AddToken(tokens, glyphs, wordStart);
            wordStart = glyphs.Count;
        }
    }

    /// <summary>Adds the word made of the glyphs from <paramref name="wordStart"/> on, if it has a letter or digit.</summary>
    private static void AddToken(List<Token> tokens, List<Glyph> glyphs, int wordStart)
    {
        // Symbols at the end of a word are punctuation ("scam!"); at the start only those that look like letters count.
        var start = wordStart;
        var end = glyphs.Count;
        while (start < end && glyphs[start].Kind == GlyphKind.Symbol && glyphs[start].Char is '!' or '+')
        {
            start++;
        }

        while (end > start && glyphs[end - 1].Kind == GlyphKind.Symbol)
        {
            end--;
        }

        var (hasLetter, hasLetterOrDigit) = (false, false);
        for (var g = start; g < end; g++)
        {
            hasLetter |= glyphs[g].Kind == GlyphKind.Letter;
            hasLetterOrDigit |= glyphs[g].Kind is GlyphKind.Letter or GlyphKind.Digit;
        }

        if (hasLetterOrDigit)
        {
            tokens.Add(new Token(start, end - start, glyphs[start].Start, glyphs[end - 1].End, hasLetter));
        }
    }

    private static bool IsShortGap(string text, int from, int to) =>
        to - from <= MaxGapInRun && text.AsSpan(from, to - from).IndexOfAny('\n', '\r') < 0;

    /// <summary>
    /// The <paramref name="kind"/> view's text; with <paramref name="maps"/>, also where each of its characters came
    /// from. They need a place per glyph and one per word, and keep their spare room: a view reads them only at the
    /// indexes of its text.
    /// </summary>
    private static string BuildView(List<Glyph> glyphs, List<Token> tokens, bool[] softBefore, bool[] runHasLetter, ViewKind kind, StringBuilder value, (int[] Starts, int[] Ends)? maps)
    {
        value.Clear();
        var (starts, ends) = maps ?? default;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (i > 0)
            {
                char? separator = !softBefore[i] ? ' ' : kind switch
                {
                    ViewKind.Marked => SoftBoundary,
                    ViewKind.Joined => null,
                    _ => ' ',
                };
                if (separator is { } s)
                {
                    if (starts is not null)
                    {
                        starts[value.Length] = tokens[i - 1].End;
                        ends![value.Length] = tokens[i].Start;
                    }

                    value.Append(s);
                }
            }

            var readAsLetters = kind == ViewKind.Words ? tokens[i].HasLetter : runHasLetter[i];
            var (first, last) = (tokens[i].First, tokens[i].First + tokens[i].Count);
            for (var g = first; g < last; g++)
            {
                var glyph = glyphs[g];
                if (glyph.Kind == GlyphKind.Symbol && !readAsLetters)
                {
                    continue; // "€60" is the number 60
                }

                var c = glyph.Kind != GlyphKind.Letter && readAsLetters
                    ? CharacterFolding.Leet(glyph.Char, markAmbiguous: kind == ViewKind.Marked)
                    : glyph.Char;
                var repeats = 1;
                if (kind != ViewKind.Marked && char.IsLetter(c))
                {
                    while (g + repeats < last && ReadAs(glyphs[g + repeats], readAsLetters) == c)
                    {
                        repeats++;
                    }
                }

                // Three or more of the same letter are stretching, not spelling: "scaaam" → "scam". Two stay ("cool").
                var emitted = repeats >= 3 ? 1 : repeats;
                for (var r = 0; r < emitted; r++)
                {
                    if (starts is not null)
                    {
                        starts[value.Length] = glyphs[g + r].Start;
                        ends![value.Length] = emitted == 1 ? glyphs[g + repeats - 1].End : glyphs[g + r].End;
                    }

                    value.Append(c);
                }

                g += repeats - 1;
            }
        }

        return value.ToString();
    }

    private static char ReadAs(Glyph glyph, bool readAsLetters) =>
        glyph.Kind != GlyphKind.Letter && readAsLetters ? CharacterFolding.Leet(glyph.Char, markAmbiguous: false) : glyph.Char;
}
