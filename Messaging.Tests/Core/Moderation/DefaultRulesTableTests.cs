using Messaging.Core.Moderation;

namespace Messaging.Tests.Core.Moderation;

/// <summary>The seed rules against evasions and against the ordinary sentences of hiring conversations.</summary>
public class DefaultRulesTableTests
{
    private const string Scam = "Blocked word: scam";
    private const string GiftCard = "Blocked word: gift card";
    private const string Idiot = "Blocked word: idiot";
    private const string Moron = "Blocked word: moron";
    private const string Loser = "Blocked word: loser";
    private const string ShutUp = "Blocked word: shut up";
    private const string Card = "Card number";
    private const string Ssn = "Social security number";
    private const string Phone = "Phone number";
    private const string Email = "E-mail address";
    private const string OffPlatform = "Off-platform contact";
    private const string Caps = "Excessive capitals";

    private static readonly IReadOnlyList<ModerationRule> Rules = DefaultModerationRules.Create(new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc));

    [Theory]
    // Blocked words and the ways around them.
    [InlineData("This job offer is a scam", ModerationOutcome.Flag, Scam)]
    [InlineData("this is a s c a m", ModerationOutcome.Flag, Scam)]
    [InlineData("Sounds like a s.c.a.m to me", ModerationOutcome.Flag, Scam)]
    [InlineData("s-c-a-m alert", ModerationOutcome.Flag, Scam)]
    [InlineData("s_c_a_m", ModerationOutcome.Flag, Scam)]
    [InlineData("Total 5c4m, avoid them", ModerationOutcome.Flag, Scam)]
    [InlineData("5 c 4 m", ModerationOutcome.Flag, Scam)]
    [InlineData("What a sc@m", ModerationOutcome.Flag, Scam)]
    [InlineData("Classic $cam", ModerationOutcome.Flag, Scam)]
    [InlineData("THIS IS A SCAM", ModerationOutcome.Flag, Scam)]
    [InlineData("That offer is a scäm", ModerationOutcome.Flag, Scam)]
    [InlineData("Such a scaaaam", ModerationOutcome.Flag, Scam)]
    [InlineData("They scammed me last year", ModerationOutcome.Flag, Scam)]
    [InlineData("Beware of scammers!", ModerationOutcome.Flag, Scam)]
    [InlineData("pure ѕсаm", ModerationOutcome.Flag, Scam)]
    [InlineData("a sc\u200Bam for sure", ModerationOutcome.Flag, Scam)]
    [InlineData("ｓｃａｍ", ModerationOutcome.Flag, Scam)]
    [InlineData("Pay for your training with a gift card", ModerationOutcome.Flag, GiftCard)]
    [InlineData("buy three giftcards first", ModerationOutcome.Flag, GiftCard)]
    [InlineData("You idiot", ModerationOutcome.Filter, Idiot)]
    [InlineData("what an 1d10t", ModerationOutcome.Filter, Idiot)]
    [InlineData("i.d.i.o.t", ModerationOutcome.Filter, Idiot)]
    [InlineData("M O R O N", ModerationOutcome.Filter, Moron)]
    [InlineData("Such a l0ser", ModerationOutcome.Filter, Loser)]
    [InlineData("what a looooser", ModerationOutcome.Filter, Loser)]
    [InlineData("stop being a lo$er", ModerationOutcome.Filter, Loser)]
    [InlineData("shut up already", ModerationOutcome.Filter, ShutUp)]
    [InlineData("just shutup", ModerationOutcome.Filter, ShutUp)]
    // Card numbers (Luhn-valid) and SSNs are blocked.
    [InlineData("My card is 4111 1111 1111 1111", ModerationOutcome.Block, Card)]
    [InlineData("4111-1111-1111-1111", ModerationOutcome.Block, Card)]
    [InlineData("use 4111111111111111 for the deposit", ModerationOutcome.Block, Card)]
    [InlineData("Amex 3782 822463 10005", ModerationOutcome.Block, Card)]
    [InlineData("5555 5555 5555 4444 exp 12/27", ModerationOutcome.Block, Card)]
    [InlineData("My SSN is 123-45-6789", ModerationOutcome.Block, Ssn)]
    [InlineData("ssn 123 45 6789", ModerationOutcome.Block, Ssn)]
    [InlineData("social security number: 123456789", ModerationOutcome.Block, Ssn)]
    // Contact details are flagged.
    [InlineData("Call me on +44 7700 900123", ModerationOutcome.Flag, Phone)]
    [InlineData("my number is 07700 900123", ModerationOutcome.Flag, Phone)]
    [InlineData("Call (555) 123-4567 after 5", ModerationOutcome.Flag, Phone)]
    [InlineData("555-123-4567", ModerationOutcome.Flag, Phone)]
    [InlineData("555.123.4567", ModerationOutcome.Flag, Phone)]
    [InlineData("+1 (555) 123-4567", ModerationOutcome.Flag, Phone)]
    [InlineData("06 12 34 56 78", ModerationOutcome.Flag, Phone)]
    [InlineData("+33 6 12 34 56 78", ModerationOutcome.Flag, Phone)]
    [InlineData("0049 30 12345678", ModerationOutcome.Flag, Phone)]
    [InlineData("ring me: 4155550123", ModerationOutcome.Flag, Phone)]
    [InlineData("+44 (0)20 7946 0000", ModerationOutcome.Flag, Phone)]
    [InlineData("write to jane.doe@example.com", ModerationOutcome.Flag, Email)]
    [InlineData("jane at example dot com", ModerationOutcome.Flag, Email)]
    [InlineData("jane(at)example(dot)com", ModerationOutcome.Flag, Email)]
    [InlineData("jane [at] example [dot] co [dot] uk", ModerationOutcome.Flag, Email)]
    [InlineData("reach me: jane at gmail.com", ModerationOutcome.Flag, Email)]
    [InlineData("whatsapp me on +44 7700 900123", ModerationOutcome.Flag, OffPlatform)]
    [InlineData("add me on telegram @janedoe", ModerationOutcome.Flag, OffPlatform)]
    [InlineData("t.me/janedoe", ModerationOutcome.Flag, OffPlatform)]
    [InlineData("https://wa.me/447700900123", ModerationOutcome.Flag, OffPlatform)]
    [InlineData("signal.me/#p/janedoe", ModerationOutcome.Flag, OffPlatform)]
    [InlineData("my skype is jane.doe84", ModerationOutcome.Flag, OffPlatform)]
    [InlineData("Let's move this to WhatsApp", ModerationOutcome.Flag, OffPlatform)]
    [InlineData("WeChat ID: jane_doe", ModerationOutcome.Flag, OffPlatform)]
    [InlineData("Text me on Signal: +1 555 123 4567", ModerationOutcome.Flag, OffPlatform)]
    // Shouting is rewritten.
    [InlineData("PLEASE SEND ME THE CONTRACT TODAY", ModerationOutcome.Filter, Caps)]
    [InlineData("WHY HAVE YOU NOT REPLIED YET??", ModerationOutcome.Filter, Caps)]
    // Ordinary hiring conversation.
    [InlineData("The salary range is 70-85k plus bonus", ModerationOutcome.Allow, null)]
    [InlineData("We offer €60,000 a year", ModerationOutcome.Allow, null)]
    [InlineData("Salary: 60000-70000 EUR", ModerationOutcome.Allow, null)]
    [InlineData("The role pays 45 000 - 55 000 € gross", ModerationOutcome.Allow, null)]
    [InlineData("Budget up to $120,000-$150,000", ModerationOutcome.Allow, null)]
    [InlineData("I worked there 2019-2023", ModerationOutcome.Allow, null)]
    [InlineData("From 2015 - 2019 I was at Contoso", ModerationOutcome.Allow, null)]
    [InlineData("Start date 12.03.2026", ModerationOutcome.Allow, null)]
    [InlineData("Interview on 12/03 at 10:00", ModerationOutcome.Allow, null)]
    [InlineData("Can we meet on 12.03.2026 10:00?", ModerationOutcome.Allow, null)]
    [InlineData("Time slots: 09:30, 11:00 or 14:15", ModerationOutcome.Allow, null)]
    [InlineData("I have 4 years of C# and 2 of SQL", ModerationOutcome.Allow, null)]
    [InlineData("I love C# and SQL, AWS", ModerationOutcome.Allow, null)]
    [InlineData("Office postcode SW1A 1AA", ModerationOutcome.Allow, null)]
    [InlineData("Our office is at 12 rue de Rivoli, 75008 Paris", ModerationOutcome.Allow, null)]
    [InlineData("Mail goes to 90210-1234", ModerationOutcome.Allow, null)]
    [InlineData("Call scheduled via our platform for Tuesday", ModerationOutcome.Allow, null)]
    [InlineData("We run .NET 8.0.1 on Linux", ModerationOutcome.Allow, null)]
    [InlineData("Version 10.0.100 of the SDK", ModerationOutcome.Allow, null)]
    [InlineData("We are ISO 9001 and ISO 27001 certified", ModerationOutcome.Allow, null)]
    [InlineData("Your order number is 12345678", ModerationOutcome.Allow, null)]
    [InlineData("Reference 845213 for your application", ModerationOutcome.Allow, null)]
    [InlineData("Invoice 2024-00123 is paid", ModerationOutcome.Allow, null)]
    [InlineData("Team of 10-15 engineers, 3-5 years experience", ModerationOutcome.Allow, null)]
    [InlineData("We had 1,200 applicants for 3 roles", ModerationOutcome.Allow, null)]
    [InlineData("Office hours 9-17, Monday to Friday", ModerationOutcome.Allow, null)]
    [InlineData("The scampi at the canteen is great", ModerationOutcome.Allow, null)]
    [InlineData("Our class of graduates starts in June", ModerationOutcome.Allow, null)]
    [InlineData("Shutting up shop at 5pm today", ModerationOutcome.Allow, null)]
    [InlineData("We have a looser dress code than most", ModerationOutcome.Allow, null)]
    [InlineData("We use Skype for team stand-ups", ModerationOutcome.Allow, null)]
    [InlineData("Great signal from the market this year", ModerationOutcome.Allow, null)]
    [InlineData("I worked at Booking.com for three years", ModerationOutcome.Allow, null)]
    [InlineData("The meeting is at the office. Come at 9", ModerationOutcome.Allow, null)]
    [InlineData("My phone died, I'll reply tomorrow", ModerationOutcome.Allow, null)]
    [InlineData("Our fraud detection team is hiring", ModerationOutcome.Allow, null)]
    [InlineData("Please bring ID; the interview lasts 45 minutes", ModerationOutcome.Allow, null)]
    [InlineData("Employee id 4111 1111 1111 1112 is not a card", ModerationOutcome.Allow, null)]
    [InlineData("000-12-3456 is not a real SSN", ModerationOutcome.Allow, null)]
    [InlineData("Neither is 666-12-3456", ModerationOutcome.Allow, null)]
    [InlineData("We'll send the contract by 1 April 2026", ModerationOutcome.Allow, null)]
    [InlineData("Is the role hybrid? I can do 3 days a week in the office", ModerationOutcome.Allow, null)]
    [InlineData("Thanks! I'm a big fan of your product (NPS 72)", ModerationOutcome.Allow, null)]
    public void Default_rules_decide(string text, ModerationOutcome expected, string? rule)
    {
        var result = new ModerationEngine().Evaluate(text, Rules);

        Assert.True(expected == result.Outcome,
            $"Expected {expected} but got {result.Outcome} ({string.Join(", ", result.Matches.Select(m => m.RuleName))}) for: {text}");
        if (rule is null)
        {
            Assert.Empty(result.Matches);
        }
        else
        {
            Assert.Contains(rule, result.Matches.Select(m => m.RuleName));
        }
    }
}
