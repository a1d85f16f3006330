using Bunit;
using Messaging.Core.Conversations;
using Messaging.Web.Components.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace Messaging.Tests.Web;

public class ConversationListTests : BunitContext
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public ConversationListTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(_time);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void An_empty_list_says_there_are_no_conversations_yet()
    {
        var cut = Render<ConversationList>(p => p.Add(c => c.Items, Array.Empty<ConversationSummary>()));

        Assert.Contains("No conversations yet", cut.Find("[data-testid=conversations-empty]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=conversation-item]"));
    }

    [Fact]
    public void Each_conversation_shows_the_other_side_the_preview_and_the_unread_badge()
    {
        ConversationSummary[] items =
        [
            Summary("Alice Martin", "Acme Robotics", "Senior C# Developer", "Are you free on Thursday?", unread: 2),
            Summary("Bruno Costa", "Globex", null, "Thanks!", unread: 0),
        ];

        var cut = Render<ConversationList>(p => p.Add(c => c.Items, items));

        var rows = cut.FindAll("[data-testid=conversation-item]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("Alice Martin", rows[0].TextContent);
        Assert.Contains("Acme Robotics · Senior C# Developer", rows[0].TextContent);
        Assert.Contains("Are you free on Thursday?", rows[0].TextContent);
        Assert.Equal("2", rows[0].QuerySelector("[data-testid=unread-badge]")!.TextContent.Trim());
        Assert.Null(rows[1].QuerySelector("[data-testid=unread-badge]"));
        Assert.Contains("AM", rows[0].TextContent);
    }

    [Fact]
    public void Search_reaches_the_page_once_typing_pauses_with_the_last_text_typed()
    {
        var searched = new List<string?>();
        var cut = Render<ConversationList>(p => p
            .Add(c => c.Items, Array.Empty<ConversationSummary>())
            .Add(c => c.SearchChanged, (string? s) => searched.Add(s)));
        var input = cut.Find("[data-testid=conversation-search]");

        input.Input("pi");
        _time.Advance(ConversationList.SearchDebounce / 2);
        cut.Find("[data-testid=conversation-search]").Input("piet");
        _time.Advance(ConversationList.SearchDebounce - TimeSpan.FromMilliseconds(1));
        Assert.Empty(searched);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        cut.WaitForAssertion(() => Assert.Equal(["piet"], searched), TimeSpan.FromSeconds(5));
        Assert.Equal("piet", cut.Find("[data-testid=conversation-search]").GetAttribute("value"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_unread_filter_shows_whether_it_is_on_and_asks_for_the_opposite(bool on)
    {
        bool? asked = null;
        var cut = Render<ConversationList>(p => p
            .Add(c => c.Items, Array.Empty<ConversationSummary>())
            .Add(c => c.UnreadOnly, on)
            .Add(c => c.UnreadOnlyChanged, (bool value) => asked = value));
        var chip = cut.Find("[data-testid=filter-unread]");

        Assert.Equal(on ? "true" : "false", chip.GetAttribute("aria-pressed"));
        chip.Click();
        Assert.Equal(!on, asked);
    }

    [Theory]
    [InlineData("Dana Kim", "DK")]
    [InlineData("cher", "C")]
    [InlineData("Jean Paul Gaultier", "JG")]
    [InlineData("  ", "?")]
    public void Initials_come_from_the_first_and_last_name(string name, string expected) =>
        Assert.Equal(expected, ConversationList.Initials(name));

    [Fact]
    public void Before_the_page_is_live_the_first_paint_shows_the_top_of_a_long_list()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));
        var items = Enumerable.Range(1, 30).Select(i => Summary($"Person {i}", "Acme", null, $"Message {i}", unread: 0)).ToArray();

        var cut = Render<ConversationList>(p => p.Add(c => c.Items, items));

        var names = cut.FindAll("[data-testid=conversation-name]").Select(e => e.TextContent).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"Person {i}"), names);
    }

    [Fact]
    public void A_long_list_is_virtualized_and_a_short_one_is_drawn_at_once()
    {
        var items = Enumerable.Range(1, 30).Select(i => Summary($"Person {i}", "Acme", null, $"Message {i}", unread: 0)).ToArray();

        var longList = Render<ConversationList>(p => p.Add(c => c.Items, items));
        var shortList = Render<ConversationList>(p => p.Add(c => c.Items, items[..20]));

        Assert.Single(longList.FindComponents<Microsoft.AspNetCore.Components.Web.Virtualization.Virtualize<ConversationSummary>>());
        Assert.Empty(shortList.FindComponents<Microsoft.AspNetCore.Components.Web.Virtualization.Virtualize<ConversationSummary>>());
        Assert.Equal(20, shortList.FindAll("[data-testid=conversation-item]").Count);
    }

    private static ConversationSummary Summary(string name, string detail, string? job, string preview, long unread) =>
        new(Guid.NewGuid(), "other", name, detail, job, job, ConversationStatus.Active, false, preview, "other",
            new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc), 5, unread);
}
