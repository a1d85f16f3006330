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
}
