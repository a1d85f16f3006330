using Messaging.Core.Moderation.Detectors;

namespace Messaging.Tests.Core.Moderation;

public class CardAndSsnDetectorTests
{
    private readonly CardNumberDetector _cards = new();
    private readonly SsnDetector _ssns = new();

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4012888888881881", true)]
    [InlineData("378282246310005", true)]
    [InlineData("79927398713", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("79927398710", false)]
    [InlineData("", false)]
    [InlineData("4111-1111", false)]
    public void Luhn_accepts_valid_check_digits_only(string digits, bool valid)
    {
        Assert.Equal(valid, Luhn.IsValid(digits));
    }

    [Theory]
    [InlineData("card 4111 1111 1111 1111 thanks", "4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111", "4111-1111-1111-1111")]
    [InlineData("pay with 5555555555554444.", "5555555555554444")]
    [InlineData("Amex 3782 822463 10005", "3782 822463 10005")]
    [InlineData("ref 12 4111 1111 1111 1111", "4111 1111 1111 1111")]
    [InlineData("6011 1111 1111 1117", "6011 1111 1111 1117")]
    [InlineData("4111 111 111 111 111", "4111 111 111 111 111")]
    public void Card_numbers_are_found_with_spaces_and_dashes(string text, string expected)
    {
        var span = Assert.Single(_cards.Find(text));

        Assert.Equal(expected, text.Substring(span.Start, span.Length));
    }

    [Theory]
    [InlineData("4111 1111 1111 1112")]
    [InlineData("order 123456789012")]
    [InlineData("1234 5678 9012 3452")]
    [InlineData("4111.1111.1111.1111")]
    [InlineData("41111111111111111111111")]
    [InlineData("Salary 70-85k, 2019-2023")]
    [InlineData("Dates 2024-12-03 2025-01-15")]
    public void Numbers_that_are_not_card_numbers_are_ignored(string text)
    {
        Assert.Empty(_cards.Find(text));
    }

    [Theory]
    [InlineData("SSN 123-45-6789", "123-45-6789")]
    [InlineData("it is 123 45 6789", "123 45 6789")]
    [InlineData("it is 123.45.6789", "123.45.6789")]
    [InlineData("my social security number is 123456789", "123456789")]
    [InlineData("ssn: 078051120", "078051120")]
    public void Social_security_numbers_are_found(string text, string expected)
    {
        var span = Assert.Single(_ssns.Find(text));

        Assert.Equal(expected, text.Substring(span.Start, span.Length));
    }

    [Theory]
    [InlineData("000-12-3456")]
    [InlineData("666-12-3456")]
    [InlineData("912-34-5678")]
    [InlineData("123-00-4567")]
    [InlineData("123-45-0000")]
    [InlineData("123-45 6789")]
    [InlineData("order 123456789")]
    [InlineData("1123-45-6789")]
    public void Numbers_outside_the_issued_ranges_or_shape_are_ignored(string text)
    {
        Assert.Empty(_ssns.Find(text));
    }
}
