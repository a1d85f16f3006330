using Messaging.Core.Encryption;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Core.Encryption;

public class BlindIndexTests
{
    [Fact]
    public void Words_are_lower_cased_without_accents_split_on_punctuation_and_distinct()
    {
        var words = BlindIndex.Words("Café at 10:00? CAFÉ, naïve co-op! a I x2 Zürich");

        Assert.Equal(["cafe", "10", "00", "naive", "co", "op", "x2", "zurich"], words); // "at" is a stop word
    }

    [Fact]
    public void Equal_words_give_equal_tokens_in_one_conversation_only()
    {
        var index = new BlindIndex(Microsoft.Extensions.Options.Options.Create(TestKeys.Options()));
        var conversation = Guid.NewGuid();

        var first = Assert.Single(index.Tokens(conversation, "Thursday"));
        var again = Assert.Single(index.Tokens(conversation, "THURSDAY!"));
        var elsewhere = Assert.Single(index.Tokens(Guid.NewGuid(), "thursday"));

        Assert.Equal(BlindIndex.TokenSize, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, elsewhere);
    }

    [Theory]
    [InlineData("Portfolio attached, references on request; see the portfolio again. PORTFOLIO!")]
    [InlineData("x2 a I 10:00 co-op don't the and you")]
    [InlineData("Café at 10:00? CAFÉ, naïve Zürich")]
    [InlineData("the, and... ?!")]
    [InlineData("")]
    public void The_filter_is_the_one_built_from_the_texts_distinct_word_tokens(string text)
    {
        // ASCII text takes a path that hashes words straight from the text; it must give the same bytes.
        var index = new BlindIndex(Microsoft.Extensions.Options.Options.Create(TestKeys.Options()));
        var conversation = Guid.NewGuid();
        var longWord = new string('q', BlindIndex.MaxWordLength + 10);

        Assert.Equal(SearchFilter.Build(index.Tokens(conversation, text)), index.Filter(conversation, text));
        Assert.Equal(SearchFilter.Build(index.Tokens(conversation, $"{text} {longWord} {longWord}x")), index.Filter(conversation, $"{text} {longWord} {longWord}x"));
    }

    [Fact]
    public void A_word_longer_than_the_index_cuts_is_still_hashed_whole_when_given_directly()
    {
        var index = new BlindIndex(Microsoft.Extensions.Options.Options.Create(TestKeys.Options()));
        var conversation = Guid.NewGuid();
        var tokens = index.Tokens(conversation, [new string('é', 300), new string('é', 301)]);

        Assert.All(tokens, t => Assert.Equal(BlindIndex.TokenSize, t.Length));
        Assert.NotEqual(tokens[0], tokens[1]);
    }

    [Fact]
    public void A_filter_passes_every_word_of_its_text_and_rejects_almost_all_others()
    {
        var index = new BlindIndex(Microsoft.Extensions.Options.Options.Create(TestKeys.Options()));
        var conversation = Guid.Parse("0193a0c4-5f5e-7000-8000-000000000001"); // fixed, so the count below is too
        const string text = "Portfolio attached, references on request; available from March for the Berlin office";
        var filter = index.Filter(conversation, text);

        Assert.Equal(8, BlindIndex.Words(text).Count);
        Assert.Equal(128 / 8, filter.Length); // 8 words at 16 bits each
        Assert.All(BlindIndex.Words(text), w => Assert.True(SearchFilter.MayContainAll(filter, index.Tokens(conversation, w)), w));
        Assert.True(SearchFilter.MayContainAll(filter, index.Tokens(conversation, "berlin portfolio march")));

        var passed = Enumerable.Range(0, 10_000).Count(i => SearchFilter.MayContainAll(filter, index.Tokens(conversation, $"other{i}")));
        Assert.InRange(passed, 0, 100); // ~0.2% expected; over 1% would mean broken probes
    }

    [Fact]
    public void A_text_without_words_has_an_empty_filter_that_nothing_passes_and_a_long_one_is_capped()
    {
        var index = new BlindIndex(Microsoft.Extensions.Options.Options.Create(TestKeys.Options()));
        var conversation = Guid.NewGuid();

        Assert.Empty(index.Filter(conversation, "the, and... ?!"));
        Assert.False(SearchFilter.MayContainAll([], index.Tokens(conversation, "anything")));
        Assert.False(SearchFilter.MayContainAll(null, index.Tokens(conversation, "anything")));
        var longText = string.Join(' ', Enumerable.Range(0, 1_000).Select(i => $"word{i}"));
        Assert.Equal(SearchFilter.MaxBits / 8, index.Filter(conversation, longText).Length);
        Assert.True(SearchFilter.MayContainAll(index.Filter(conversation, longText), index.Tokens(conversation, "word999 word0")));
    }
}
