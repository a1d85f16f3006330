using Messaging.Core.Moderation;

namespace Messaging.Tests.Core.Moderation;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("Hello WORLD", "hello world")]
    [InlineData("Crème brûlée, São Paulo", "creme brulee sao paulo")]
    [InlineData("Straße", "strasse")]
    [InlineData("ｆｕｌｌ ｗｉｄｔｈ", "full width")]
    [InlineData("5c4m and sc@m and $cam", "scam and scam and scam")]
    [InlineData("1d10t", "idiot")]
    [InlineData("3v1l", "evil")]
    [InlineData("Scaaaam", "scam")]
    [InlineData("a cool meeting", "a cool meeting")]
    [InlineData("scam!!! really?", "scam really")]
    [InlineData("don't", "dont")]
    [InlineData("sc\u200Bam", "scam")]
    [InlineData("раураl", "paypal")]
    public void Words_are_lower_case_without_accents_lookalikes_or_l33t(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text).Text);
    }

    [Theory]
    [InlineData("2019-2023 for 4 years", "2019 2023 for 4 years")]
    [InlineData("€60,000", "60 000")]
    public void Numbers_that_are_not_inside_words_stay_numbers(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text).Text);
    }

    [Theory]
    [InlineData("s c a m", "scam")]
    [InlineData("s.c.a.m", "scam")]
    [InlineData("s-c-a-m", "scam")]
    [InlineData("5 c 4 m", "scam")]
    [InlineData("is it a s c a m", "is it ascam")]
    [InlineData("scam artist", "scam artist")]
    [InlineData("e.g. this", "eg this")]
    public void Letter_spaced_runs_are_joined_in_the_joined_view(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text).Joined.Value);
    }

    [Fact]
    public void Letter_spaced_runs_stay_separate_words_in_the_word_view()
    {
        Assert.Equal("s c a m artist", TextNormalizer.Normalize("s c a m artist").Text);
    }

    [Fact]
    public void A_run_is_broken_by_a_line_break_or_a_long_gap()
    {
        Assert.Equal("sc am", TextNormalizer.Normalize("s c\na m").Joined.Value);
        Assert.Equal("s c", TextNormalizer.Normalize("s     c").Joined.Value);
    }

    [Fact]
    public void The_marked_view_keeps_run_letters_apart_and_marks_characters_read_as_i_or_l()
    {
        var normalized = TextNormalizer.Normalize("a s c a m, 1d1ot");

        Assert.Equal("a·s·c·a·m ıdıot", normalized.Marked.Value);
    }

    [Fact]
    public void Every_normalised_character_maps_back_to_the_original_text()
    {
        const string text = "What a S.C.A.A.A.M, friend";
        var joined = TextNormalizer.Normalize(text).Joined;
        var index = joined.Value.IndexOf("scaaam", StringComparison.Ordinal);

        var span = joined.ToSource(index, "scaaam".Length);

        Assert.Equal("S.C.A.A.A.M", text.Substring(span.Start, span.Length));
    }

    [Fact]
    public void A_collapsed_repeat_maps_back_to_all_of_its_letters()
    {
        const string text = "so scaaaam";
        var words = TextNormalizer.Normalize(text).Words;

        var span = words.ToSource(3, 4);

        Assert.Equal("scaaaam", text.Substring(span.Start, span.Length));
    }

    [Theory]
    [InlineData("Gift  Card", new[] { "gift", "card" })]
    [InlineData("5c4m", new[] { "scam" })]
    [InlineData("s c a m", new[] { "scam" })]
    [InlineData("!!", new string[0])]
    public void Terms_are_normalised_like_messages(string term, string[] expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeTerm(term));
    }
}
