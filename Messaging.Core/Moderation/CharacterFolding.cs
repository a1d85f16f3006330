using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Messaging.Core.Moderation;

/// <summary>The character tables behind <see cref="TextNormalizer"/>: case, accents, look-alikes and l33t.</summary>
internal static class CharacterFolding
{
    /// <summary>
    /// Stands for a character that may be read as i or l ("1", "|", "!"). Only the view used for blocked words
    /// emits it; their patterns accept it for both letters. Input never contains it: folding turns ı into i.
    /// </summary>
    public const char AmbiguousIOrL = 'ı';

    /// <summary>Symbols that count as letters inside a word ("sc@m", "$cam", "id!ot").</summary>
    public const string LeetSymbols = "@$€!|+";

    private static readonly FrozenDictionary<char, string> Replacements = new Dictionary<char, string>
    {
        // Letters that NFKD does not take apart.
        ['ß'] = "ss", ['æ'] = "ae", ['œ'] = "oe", ['ø'] = "o", ['ł'] = "l", ['đ'] = "d", ['ð'] = "d", ['þ'] = "th", ['ı'] = "i",
        // Cyrillic and Greek look-alikes, used to slip past word lists.
        ['а'] = "a", ['в'] = "b", ['е'] = "e", ['ё'] = "e", ['к'] = "k", ['м'] = "m", ['н'] = "h", ['о'] = "o", ['р'] = "p",
        ['с'] = "c", ['т'] = "t", ['у'] = "y", ['х'] = "x", ['і'] = "i", ['ї'] = "i", ['ј'] = "j", ['ѕ'] = "s", ['ԁ'] = "d",
        ['α'] = "a", ['ε'] = "e", ['ι'] = "i", ['κ'] = "k", ['ν'] = "v", ['ο'] = "o", ['ρ'] = "p", ['τ'] = "t", ['υ'] = "u",
    }.ToFrozenDictionary();

    // Fold of each UTF-16 unit, filled in as characters are first seen (the table is fixed, so a race only computes a
    // value twice). Folding allocated four strings and a builder per character of every message before.
    private static readonly string?[] FoldedUnits = new string?[char.MaxValue + 1];

    /// <summary>As <see cref="Fold(string)"/> for one character that is not half of a surrogate pair, without allocating.</summary>
    public static string Fold(char unit) => FoldedUnits[unit] ??= Fold(unit.ToString());

    /// <summary>
    /// Folds one character (or surrogate pair) of the input: lower case, compatibility decomposition (full-width
    /// letters, ligatures), accents dropped, look-alikes replaced. Invisible format characters fold to nothing.
    /// </summary>
    public static string Fold(string unit)
    {
        if (unit.Length == 1 && CharUnicodeInfo.GetUnicodeCategory(unit[0]) == UnicodeCategory.Format)
        {
            return "";
        }

        var lower = unit.ToLowerInvariant();
        if (lower.Length == 1 && Replacements.TryGetValue(lower[0], out var replacement))
        {
            return replacement;
        }

        var decomposed = lower.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            {
                continue;
            }

            var folded = char.ToLowerInvariant(c);
            builder.Append(Replacements.TryGetValue(folded, out var again) && again.Length == 1 ? again[0] : folded);
        }

        return builder.ToString();
    }

    /// <summary>The letter a digit or symbol stands for inside a word, or the character itself.</summary>
    public static char Leet(char c, bool markAmbiguous) => c switch
    {
        '0' => 'o',
        '1' or '|' or '!' => markAmbiguous ? AmbiguousIOrL : 'i',
        '3' or '€' => 'e',
        '4' or '@' => 'a',
        '5' or '$' => 's',
        '6' or '9' => 'g',
        '7' or '+' => 't',
        '8' => 'b',
        _ => c,
    };

    public static bool IsApostrophe(char c) => c is '\'' or '’' or 'ʼ' or '`';
}
