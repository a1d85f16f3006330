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

    private sealed record Token(Glyph[] Glyphs, bool HasLetter)
    {
        public int Start => Glyphs[0].Start;

        public int End => Glyphs[^1].End;

        public bool IsSingle => Glyphs.Length == 1;
    }

    private enum ViewKind
    {
        Words,
        Joined,
        Marked,
    }

    public static NormalizedText Normalize(string text)
    {
        var tokens = Tokenize(Fold(text));
        var softBefore = new bool[tokens.Count];
        for (var i = 1; i < tokens.Count; i++)
        {
            softBefore[i] = tokens[i - 1].IsSingle && tokens[i].IsSingle && IsShortGap(text, tokens[i - 1].End, tokens[i].Start);
        }

        // A run of letter-spaced characters reads digits as letters when any of it is a letter ("5 c 4 m").
        var runHasLetter = new bool[tokens.Count];
        for (var start = 0; start < tokens.Count;)
        {
            var end = start + 1;
            while (end < tokens.Count && softBefore[end])
            {
                end++;
            }

            var hasLetter = tokens.Skip(start).Take(end - start).Any(t => t.HasLetter);
            Array.Fill(runHasLetter, hasLetter, start, end - start);
            start = end;
        }

        return new NormalizedText(
            BuildView(tokens, softBefore, runHasLetter, ViewKind.Words),
            BuildView(tokens, softBefore, runHasLetter, ViewKind.Joined),
            BuildView(tokens, softBefore, runHasLetter, ViewKind.Marked));
    }

    /// <summary>The words of a blocked word or phrase, normalised like messages are.</summary>
    public static IReadOnlyList<string> NormalizeTerm(string term) =>
        Normalize(term).Joined.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static List<Glyph> Fold(string text)
    {
        var glyphs = new List<Glyph>(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            foreach (var c in CharacterFolding.Fold(text.Substring(i, length)))
            {
                var kind = char.IsLetter(c) ? GlyphKind.Letter
                    : char.IsDigit(c) ? GlyphKind.Digit
                    : CharacterFolding.LeetSymbols.Contains(c) ? GlyphKind.Symbol
                    : GlyphKind.Separator;
                glyphs.Add(new Glyph(c, i, i + length, kind));
            }

            i += length;
        }

        return glyphs;
    }

    private static List<Token> Tokenize(List<Glyph> glyphs)
    {
        var tokens = new List<Token>();
        var current = new List<Glyph>();
        for (var i = 0; i <= glyphs.Count; i++)
        {
            if (i < glyphs.Count && glyphs[i].Kind != GlyphKind.Separator)
            {
                current.Add(glyphs[i]);
                continue;
            }

            // An apostrophe inside a word joins it: "don't" is one word, "dont".
            if (i < glyphs.Count && CharacterFolding.IsApostrophe(glyphs[i].Char) && current.Count > 0
                && current[^1].Kind == GlyphKind.Letter && i + 1 < glyphs.Count && glyphs[i + 1].Kind == GlyphKind.Letter)
            {
                continue;
            }

            AddToken(tokens, current);
            current.Clear();
        }

        return tokens;
    }

    private static void AddToken(List<Token> tokens, List<Glyph> glyphs)
    {
        // Symbols at the end of a word are punctuation ("scam!"); at the start only those that look like letters count.
        var start = 0;
        var end = glyphs.Count;
        while (start < end && glyphs[start].Kind == GlyphKind.Symbol && glyphs[start].Char is '!' or '+')
        {
            start++;
        }

        while (end > start && glyphs[end - 1].Kind == GlyphKind.Symbol)
        {
            end--;
        }

        var kept = glyphs.GetRange(start, end - start);
        if (kept.Any(g => g.Kind is GlyphKind.Letter or GlyphKind.Digit))
        {
            tokens.Add(new Token([.. kept], kept.Any(g => g.Kind == GlyphKind.Letter)));
        }
    }

    private static bool IsShortGap(string text, int from, int to) =>
        to - from <= MaxGapInRun && text.AsSpan(from, to - from).IndexOfAny('\n', '\r') < 0;

    private static NormalizedView BuildView(List<Token> tokens, bool[] softBefore, bool[] runHasLetter, ViewKind kind)
    {
        var value = new StringBuilder();
        var starts = new List<int>();
        var ends = new List<int>();
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
                    value.Append(s);
                    starts.Add(tokens[i - 1].End);
                    ends.Add(tokens[i].Start);
                }
            }

            var readAsLetters = kind == ViewKind.Words ? tokens[i].HasLetter : runHasLetter[i];
            var glyphs = tokens[i].Glyphs;
            for (var g = 0; g < glyphs.Length; g++)
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
                    while (g + repeats < glyphs.Length && ReadAs(glyphs[g + repeats], readAsLetters) == c)
                    {
                        repeats++;
                    }
                }

                // Three or more of the same letter are stretching, not spelling: "scaaam" → "scam". Two stay ("cool").
                var emitted = repeats >= 3 ? 1 : repeats;
                for (var r = 0; r < emitted; r++)
                {
                    value.Append(c);
                    starts.Add(glyphs[g + r].Start);
                    ends.Add(emitted == 1 ? glyphs[g + repeats - 1].End : glyphs[g + r].End);
                }

                g += repeats - 1;
            }
        }

        return new NormalizedView(value.ToString(), [.. starts], [.. ends]);
    }

    private static char ReadAs(Glyph glyph, bool readAsLetters) =>
        glyph.Kind != GlyphKind.Letter && readAsLetters ? CharacterFolding.Leet(glyph.Char, markAmbiguous: false) : glyph.Char;
}
