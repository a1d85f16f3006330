using BenchmarkDotNet.Attributes;
using Messaging.Core.Moderation;

namespace Messaging.Bench.Micro;

/// <summary>The default rules over a 300-byte message that none of them matches (the common case) and one that several do.</summary>
[MemoryDiagnoser]
public class ModerationBenchmarks
{
    private const string Clean =
        "Hello Dana, thanks for your application to the Senior C# Developer role. We enjoyed reading about your work on " +
        "the payments platform and would like to invite you to a first interview with the team next week. Would Tuesday " +
        "afternoon or Thursday morning suit you? Best regards, Alice.";

    private const string Matching =
        "Hello Dana, this is not a scam, I promise. Please send me your phone 555-123-4567 or write to alice at example dot com " +
        "or on WhatsApp so we can talk about the role outside this site, and buy a gift card for the fee. THIS IS VERY URGENT " +
        "AND IMPORTANT FOR YOU, so please answer today. Best regards, Alice.";

    private readonly ModerationEngine _engine = new();
    private IReadOnlyList<ModerationRule> _rules = [];

    [GlobalSetup]
    public void Setup() => _rules = DefaultModerationRules.Create(DateTime.UtcNow);

    [Benchmark(Baseline = true)]
    public ModerationResult Clean300Bytes() => _engine.Evaluate(Clean, _rules);

    [Benchmark]
    public ModerationResult Matching300Bytes() => _engine.Evaluate(Matching, _rules);
}
