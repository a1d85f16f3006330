using Messaging.Core.Common;
using Messaging.Core.Moderation;
using Messaging.Core.Moderation.Detectors;

namespace Messaging.Tests.Core.Moderation;

public class ModerationEngineTests
{
    private readonly ModerationEngine _engine = new();

    [Fact]
    public void Filtered_words_are_hidden_and_the_rest_is_kept()
    {
        var result = _engine.Evaluate("You idiot, you absolute M O R O N!", [Word("idiot", ModerationOutcome.Filter), Word("moron", ModerationOutcome.Filter)]);

        Assert.Equal(ModerationOutcome.Filter, result.Outcome);
        Assert.Equal("You •••, you absolute •••!", result.Text);
        Assert.Null(result.UserMessage);
    }

    [Fact]
    public void Filtered_evasions_are_hidden_whole()
    {
        var result = _engine.Evaluate("what a s.c.4.a.m, really", [Word("scam", ModerationOutcome.Filter)]);

        Assert.Equal("what a •••, really", result.Text);
    }

    [Fact]
    public void A_filtering_detector_hides_what_it_found()
    {
        var result = _engine.Evaluate("Call +44 7700 900123 or 555-123-4567 today", [Detector(ModerationDetectors.Phone, ModerationOutcome.Filter)]);

        Assert.Equal("Call ••• or ••• today", result.Text);
    }

    [Fact]
    public void Excessive_capitals_are_rewritten_in_sentence_case_after_hiding()
    {
        var result = _engine.Evaluate("YOU IDIOT. SEND THE CONTRACT NOW",
            [Word("idiot", ModerationOutcome.Filter), Detector(ModerationDetectors.ExcessiveCaps, ModerationOutcome.Filter)]);

        Assert.Equal(ModerationOutcome.Filter, result.Outcome);
        Assert.Equal("You •••. Send the contract now", result.Text);
    }

    [Fact]
    public void The_most_severe_outcome_wins_and_a_blocked_message_keeps_its_text()
    {
        const string text = "idiot, my card is 4111 1111 1111 1111, call 07700 900123";
        var rules = DefaultModerationRules.Create(DateTime.UtcNow);

        var result = _engine.Evaluate(text, rules);

        Assert.Equal(ModerationOutcome.Block, result.Outcome);
        Assert.Equal(text, result.Text);
        Assert.Equal("Card numbers can't be shared in messages.", result.UserMessage);
        Assert.Equal(["Card number", "Phone number", "Blocked word: idiot"], result.Matches.Select(m => m.RuleName));
        Assert.Equal(DefaultModerationRules.CardNumberId, result.Matches[0].RuleId);
    }

    [Fact]
    public void A_flagged_message_is_delivered_with_its_filtered_parts_hidden()
    {
        var result = _engine.Evaluate("idiot, call 07700 900123", DefaultModerationRules.Create(DateTime.UtcNow));

        Assert.Equal(ModerationOutcome.Flag, result.Outcome);
        Assert.Equal("•••, call 07700 900123", result.Text);
        Assert.Equal("Sharing phone numbers is not allowed here; keep the conversation on the platform.", result.Matches[0].Reason);
    }

    [Fact]
    public void Blocked_word_reason_is_shown_to_the_sender()
    {
        var result = _engine.Evaluate("that is a 5c4m", [Word("scam", ModerationOutcome.Block)]);

        Assert.True(result.IsBlocked);
        Assert.Equal("This message contains a blocked word.", result.UserMessage);
    }

    [Fact]
    public void Disabled_rules_are_ignored()
    {
        var rule = Word("scam", ModerationOutcome.Block);
        rule.Enabled = false;

        Assert.Equal(ModerationOutcome.Allow, _engine.Evaluate("a scam", [rule]).Outcome);
    }

    [Theory]
    [InlineData("class")]
    [InlineData("assessment")]
    [InlineData("a passage to India")]
    [InlineData("Assistant manager")]
    [InlineData("bass guitar")]
    [InlineData("as seen")]
    [InlineData("a long asssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssx")]
    public void Blocked_words_never_match_inside_other_words(string text)
    {
        Assert.Equal(ModerationOutcome.Allow, _engine.Evaluate(text, [Word("ass", ModerationOutcome.Block)]).Outcome);
    }

    [Theory]
    [InlineData("ass")]
    [InlineData("you @ss")]
    [InlineData("a s s")]
    [InlineData("aaasss")]
    [InlineData("ASSES")]
    public void Blocked_words_match_on_their_own(string text)
    {
        Assert.Equal(ModerationOutcome.Block, _engine.Evaluate(text, [Word("ass", ModerationOutcome.Block)]).Outcome);
    }

    [Fact]
    public void Phrases_match_across_spaces_or_run_together()
    {
        var rule = Word("wire transfer", ModerationOutcome.Flag);

        Assert.Equal(ModerationOutcome.Flag, _engine.Evaluate("send a Wire  Transfer", [rule]).Outcome);
        Assert.Equal(ModerationOutcome.Flag, _engine.Evaluate("send a wiretransfer", [rule]).Outcome);
        Assert.Equal(ModerationOutcome.Allow, _engine.Evaluate("the wire was a transfer", [rule]).Outcome);
    }

    [Fact]
    public void Pattern_rules_run_on_the_normalised_text()
    {
        var rule = new ModerationRule { Id = Guid.NewGuid(), Name = "Fee", Kind = ModerationRuleKind.Pattern, Pattern = @"\bpay\b.{0,20}\bfee\b", Outcome = ModerationOutcome.Flag };

        Assert.Equal(ModerationOutcome.Flag, _engine.Evaluate("You must P@Y a small tráining FEE first", [rule]).Outcome);
        Assert.Equal(ModerationOutcome.Flag, _engine.Evaluate("p a y the f.e.e", [rule]).Outcome);
        Assert.Equal(ModerationOutcome.Allow, _engine.Evaluate("We pay relocation costs", [rule]).Outcome);
    }

    [Fact]
    public void An_invalid_pattern_is_reported_and_ignored()
    {
        var broken = new ModerationRule { Id = Guid.NewGuid(), Name = "Broken", Kind = ModerationRuleKind.Pattern, Pattern = "(scam", Outcome = ModerationOutcome.Block };

        var error = ModerationEngine.Validate(broken);
        var result = _engine.Evaluate("scam", [broken, Word("scam", ModerationOutcome.Flag)]);

        Assert.NotNull(error);
        Assert.Equal(ErrorCode.Invalid, error.Code);
        Assert.StartsWith("The pattern is not a valid regular expression", error.Message);
        Assert.Equal(ModerationOutcome.Flag, result.Outcome);
    }

    [Theory]
    [InlineData(ModerationRuleKind.Pattern, "a*", "matches empty text")]
    [InlineData(ModerationRuleKind.Detector, "fax-number", "There is no detector named \"fax-number\"")]
    [InlineData(ModerationRuleKind.BlockedWord, "!!!", "at least one letter or digit")]
    [InlineData(ModerationRuleKind.BlockedWord, " ", "Enter the word or phrase")]
    public void Validation_explains_what_to_fix(ModerationRuleKind kind, string pattern, string expected)
    {
        var error = ModerationEngine.Validate(new ModerationRule { Name = "Rule", Kind = kind, Pattern = pattern });

        Assert.NotNull(error);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_default_rules_are_valid()
    {
        Assert.All(DefaultModerationRules.Create(DateTime.UtcNow), rule => Assert.Null(ModerationEngine.Validate(rule)));
    }

    [Fact]
    public void The_default_rules_have_stable_ids()
    {
        var first = DefaultModerationRules.Create(DateTime.UtcNow).Select(r => r.Id).ToList();
        var second = DefaultModerationRules.Create(DateTime.UtcNow.AddDays(1)).Select(r => r.Id).ToList();

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    [Fact]
    public void A_catastrophic_pattern_is_saved_as_linear_and_still_matches()
    {
        // The reviewer's rule: a backtracking engine gives up on this text and the message went through as Allow.
        var wallet = new ModerationRule { Id = Guid.NewGuid(), Name = "Wallet", Kind = ModerationRuleKind.Pattern, Pattern = @"(\w+\s*)+wallet", Outcome = ModerationOutcome.Block };
        var crafted = "send it to my wallet " + string.Concat(Enumerable.Repeat("ab", 40)) + "!";

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = _engine.Evaluate(crafted, [wallet]);

        Assert.Null(ModerationEngine.Validate(wallet));
        Assert.Equal(ModerationOutcome.Block, result.Outcome);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"took {started.Elapsed}");
    }

    [Theory]
    [InlineData(@"(\w+)\s+\1", "backreference")]
    [InlineData(@"(?<=pay )fee", "lookaround")]
    [InlineData(@"(?>\w+)wallet", "atomic")]
    public void A_pattern_that_cannot_run_in_linear_time_is_refused_when_saved(string pattern, string construct)
    {
        var error = ModerationEngine.Validate(new ModerationRule { Name = "Rule", Kind = ModerationRuleKind.Pattern, Pattern = pattern });

        Assert.NotNull(error);
        Assert.Equal(ErrorCode.Invalid, error.Code);
        Assert.StartsWith("This pattern can't be checked safely", error.Message);
        Assert.Contains(construct, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_stored_blocking_rule_that_times_out_blocks_the_message()
    {
        // Saved before patterns were checked: a lookahead keeps it on the backtracking engine.
        var slow = new ModerationRule { Id = Guid.NewGuid(), Name = "Slow", Kind = ModerationRuleKind.Pattern, Pattern = @"^(\d+)+(?=x)x$", Outcome = ModerationOutcome.Block };

        var result = _engine.Evaluate(string.Concat(Enumerable.Repeat("1234567890", 5)), [slow]);

        Assert.Equal(ModerationOutcome.Block, result.Outcome);
        Assert.Equal(ModerationEngine.TimedOutReason, result.UserMessage);
        Assert.Equal(slow.Id, Assert.Single(result.Matches).RuleId);
    }

    [Fact]
    public void A_stored_flagging_or_filtering_rule_that_times_out_flags_the_message()
    {
        var slow = new ModerationRule { Id = Guid.NewGuid(), Name = "Slow", Kind = ModerationRuleKind.Pattern, Pattern = @"^(\d+)+(?=x)x$", Outcome = ModerationOutcome.Filter };

        var result = _engine.Evaluate(string.Concat(Enumerable.Repeat("1234567890", 5)), [slow]);

        Assert.Equal(ModerationOutcome.Flag, result.Outcome);
        Assert.Null(result.UserMessage);
        Assert.Equal(ModerationEngine.TimedOutReason, Assert.Single(result.Matches).Reason);
    }

    [Fact]
    public void Empty_text_is_allowed()
    {
        Assert.Equal(ModerationOutcome.Allow, _engine.Evaluate("  ", DefaultModerationRules.Create(DateTime.UtcNow)).Outcome);
    }

    private static ModerationRule Word(string word, ModerationOutcome outcome) =>
        new() { Id = Guid.NewGuid(), Name = $"Blocked word: {word}", Kind = ModerationRuleKind.BlockedWord, Pattern = word, Outcome = outcome };

    private static ModerationRule Detector(string name, ModerationOutcome outcome) =>
        new() { Id = Guid.NewGuid(), Name = name, Kind = ModerationRuleKind.Detector, Pattern = name, Outcome = outcome };
}
