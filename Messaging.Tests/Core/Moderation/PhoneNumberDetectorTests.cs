using Messaging.Core.Moderation.Detectors;

namespace Messaging.Tests.Core.Moderation;

public class PhoneNumberDetectorTests
{
    private readonly PhoneNumberDetector _detector = new();

    [Theory]
    [InlineData("Call me on +44 7700 900123.", "+44 7700 900123")]
    [InlineData("+447700900123", "+447700900123")]
    [InlineData("+1 (555) 123-4567", "+1 (555) 123-4567")]
    [InlineData("(555) 123-4567", "(555) 123-4567")]
    [InlineData("555-123-4567", "555-123-4567")]
    [InlineData("555.123.4567", "555.123.4567")]
    [InlineData("1-800-555-0199", "1-800-555-0199")]
    [InlineData("07700 900123", "07700 900123")]
    [InlineData("0612345678", "0612345678")]
    [InlineData("06.12.34.56.78", "06.12.34.56.78")]
    [InlineData("+33 6 12 34 56 78", "+33 6 12 34 56 78")]
    [InlineData("+44 (0)20 7946 0000", "+44 (0)20 7946 0000")]
    [InlineData("0049 30 12345678", "0049 30 12345678")]
    [InlineData("030/1234567", "030/1234567")]
    [InlineData("612 345 678", "612 345 678")]
    [InlineData("call me: 4155550123", "4155550123")]
    [InlineData("phone:+44 7700 900123", "+44 7700 900123")]
    [InlineData("0 7 7 0 0 9 0 0 1 2 3", "0 7 7 0 0 9 0 0 1 2 3")]
    public void Phone_numbers_are_found_in_national_and_international_formats(string text, string expected)
    {
        var span = Assert.Single(_detector.Find(text));

        Assert.Equal(expected, text.Substring(span.Start, span.Length));
    }

    [Theory]
    [InlineData("70-85k")]
    [InlineData("salary 60000-70000 EUR")]
    [InlineData("45 000 - 55 000 € gross")]
    [InlineData("100.000-120.000 EUR")]
    [InlineData("€60,000")]
    [InlineData("2019-2023")]
    [InlineData("2019 - 2023, 2023 - 2025")]
    [InlineData("12.03.2026")]
    [InlineData("12.03.2026 10:00")]
    [InlineData("12/03/2026 14 candidates")]
    [InlineData("12.03.2026 14 candidates")]
    [InlineData("10:00 - 11:30")]
    [InlineData("4 years of C#")]
    [InlineData(".NET 8.0.1, SDK 10.0.100.25")]
    [InlineData("192.168.100.200")]
    [InlineData("SW1A 1AA and 75008 Paris")]
    [InlineData("90210-1234")]
    [InlineData("ISO 27001 2022")]
    [InlineData("order 12345678")]
    [InlineData("Order 123 456 789")]
    [InlineData("Reference: 987654321")]
    [InlineData("Our ID is 123 456 789")]
    [InlineData("Score: 1 2 3 4 5 6 7 8 9 10")]
    [InlineData("123456789")]
    [InlineData("120 000 000 users")]
    [InlineData("123-45-6789")]
    [InlineData("4111 1111 1111 1111")]
    public void Other_numbers_are_not_phone_numbers(string text)
    {
        Assert.Empty(_detector.Find(text));
    }
}
