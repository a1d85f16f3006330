using Messaging.Core.Moderation.Detectors;

namespace Messaging.Tests.Core.Moderation;

public class EmailAndOffPlatformDetectorTests
{
    private readonly EmailDetector _emails = new();
    private readonly OffPlatformDetector _offPlatform = new();

    [Theory]
    [InlineData("write to jane.doe@example.com.", "jane.doe@example.com")]
    [InlineData("JANE@EXAMPLE.CO.UK", "JANE@EXAMPLE.CO.UK")]
    [InlineData("jane.doe+jobs@mail.example.org", "jane.doe+jobs@mail.example.org")]
    [InlineData("jane at example dot com", "jane at example dot com")]
    [InlineData("jane(at)example(dot)com", "jane(at)example(dot)com")]
    [InlineData("jane [at] example [dot] co [dot] uk", "jane [at] example [dot] co [dot] uk")]
    [InlineData("jane{at}example.com", "jane{at}example.com")]
    [InlineData("jane @ example.com", "jane @ example.com")]
    [InlineData("jane@example dot com", "jane@example dot com")]
    [InlineData("mail jane at gmail.com today", "jane at gmail.com")]
    [InlineData("jane_doe @ protonmail . com", "jane_doe @ protonmail . com")]
    [InlineData("Reach me at jane.doe@company.io or later", "jane.doe@company.io")]
    [InlineData("Thanks, jane.doe@example.com. See you", "jane.doe@example.com")]
    public void Addresses_are_found_plain_and_spelled_out(string text, string expected)
    {
        var span = Assert.Single(_emails.Find(text));

        Assert.Equal(expected, text.Substring(span.Start, span.Length));
    }

    [Theory]
    [InlineData("I worked at Booking.com for three years")]
    [InlineData("Meet at the office. Come at 9")]
    [InlineData("We are at home dot nothing")]
    [InlineData("Our site is example.com")]
    [InlineData("@janedoe")]
    [InlineData("Read it at docs.microsoft.com please")]
    public void Ordinary_sentences_are_not_addresses(string text)
    {
        Assert.Empty(_emails.Find(text));
    }

    [Theory]
    [InlineData("whatsapp me on +44 7700 900123")]
    [InlineData("add me on telegram @janedoe")]
    [InlineData("Telegram: @janedoe")]
    [InlineData("t.me/janedoe")]
    [InlineData("https://wa.me/447700900123")]
    [InlineData("join via https://chat.whatsapp.com/AbCdEf")]
    [InlineData("signal.me/#p/abcdef")]
    [InlineData("my skype is jane.doe84")]
    [InlineData("Skype id: janedoe")]
    [InlineData("WeChat ID: jane_doe")]
    [InlineData("Text me on Signal: +1 555 123 4567")]
    [InlineData("+44 7700 900123 on WhatsApp")]
    [InlineData("Let's move this to WhatsApp")]
    [InlineData("message me on telegram")]
    [InlineData("Whats app me")]
    [InlineData("tg: @janedoe")]
    [InlineData("DM me on insta")]
    public void Moving_to_another_app_is_found(string text)
    {
        Assert.NotEmpty(_offPlatform.Find(text));
    }

    [Theory]
    [InlineData("We use Skype for team stand-ups")]
    [InlineData("Great signal from the market this year")]
    [InlineData("Signal me when you are ready")]
    [InlineData("Do you use Telegram?")]
    [InlineData("We chat on Friday about the role")]
    [InlineData("My telegram is broken")]
    [InlineData("Experience with the WhatsApp Business API is a plus")]
    [InlineData("chat.me/janedoe")]
    public void Naming_an_app_alone_is_fine(string text)
    {
        Assert.Empty(_offPlatform.Find(text));
    }
}
