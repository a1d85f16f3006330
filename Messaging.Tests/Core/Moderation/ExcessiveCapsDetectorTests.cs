using Messaging.Core.Moderation.Detectors;

namespace Messaging.Tests.Core.Moderation;

public class ExcessiveCapsDetectorTests
{
    private readonly ExcessiveCapsDetector _detector = new();

    [Theory]
    [InlineData("PLEASE SEND ME THE CONTRACT TODAY", true)]
    [InlineData("WHY HAVE YOU NOT REPLIED YET??", true)]
    [InlineData("HELLO THERE, HOW ARE you", true)]
    [InlineData("I love C# and SQL, AWS", false)]
    [InlineData("NO WAY!!", false)]
    [InlineData("AWS GCP SQL API", false)]
    [InlineData("Senior .NET engineer (AWS, SQL, CI/CD, REST)", false)]
    [InlineData("Hello there, HOW are you", false)]
    public void Shouting_is_twelve_or_more_letters_mostly_capitals(string text, bool shouting)
    {
        Assert.Equal(shouting, _detector.Find(text).Count > 0);
    }

    [Theory]
    [InlineData("PLEASE SEND ME THE CONTRACT TODAY", "Please send me the contract today")]
    [InlineData("I AM FREE ON MONDAY. CALL ME! I'M WAITING", "I am free on monday. Call me! I'm waiting")]
    [InlineData("WE NEED AWS AND SQL SKILLS FOR THE .NET AND C# ROLE", "We need AWS and SQL skills for the .NET and C# role")]
    [InlineData("FIRST LINE\nSECOND LINE IS HERE", "First line\nSecond line is here")]
    public void The_filter_writes_sentence_case_and_keeps_acronyms(string text, string expected)
    {
        Assert.Equal(expected, _detector.Rewrite(text));
    }
}
