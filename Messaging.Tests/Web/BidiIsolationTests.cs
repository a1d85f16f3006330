using Bunit;
using Messaging.Core.Attachments;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Web.Components.Chat;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Messaging.Tests.Web;

/// <summary>
/// Right-to-left overrides in what users write ("Invoice \u202Egnp.exe" reads "Invoice exe.png"): each piece of user
/// text is its own bidi isolate (dir="auto"), so it cannot reorder the text around it, and file names lose the controls (<see cref="Core.Attachments.FileNameSanitizerTests"/>).
/// </summary>
public class BidiIsolationTests : BunitContext
{
    private const string Spoof = "Invoice \u202Egnp.exe";

    public BidiIsolationTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddScoped<Messaging.Web.Circuits.BrowserScripts>();
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void A_message_body_is_isolated()
    {
        var message = new MessageView(Guid.NewGuid(), Guid.NewGuid(), 1, "other", Guid.NewGuid(), MessageType.Text, Spoof, DateTime.UtcNow, null, false, false, null, ModerationOutcome.Allow);

        var cut = Render<MessageBubble>(p => p.Add(b => b.Message, message));

        Assert.Equal("auto", cut.Find("[data-testid=message-body]").GetAttribute("dir"));
    }

    [Fact]
    public void A_file_name_is_isolated()
    {
        var cut = Render<AttachmentList>(p => p.Add(a => a.Items, [new AttachmentView(Guid.NewGuid(), "Invoice gnp.exe.png", "image/png", 10)]));

        Assert.Equal("auto", cut.Find("[data-testid=attachment-name]").GetAttribute("dir"));
    }

    [Fact]
    public void Names_details_and_previews_in_the_conversation_list_are_isolated()
    {
        var item = new ConversationSummary(Guid.NewGuid(), "other", Spoof, Spoof, Spoof, Spoof, ConversationStatus.Active, false, Spoof, "other",
            DateTime.UtcNow, 5, 0);

        var cut = Render<ConversationList>(p => p.Add(c => c.Items, new[] { item }));

        Assert.Equal("auto", cut.Find("[data-testid=conversation-name]").GetAttribute("dir"));
        Assert.Equal("auto", cut.Find("[data-testid=conversation-preview]").GetAttribute("dir"));
        // Company and job title each isolated, so one cannot reorder the other.
        Assert.Equal([Spoof, Spoof], cut.FindAll("[data-testid=conversation-detail] bdi").Select(e => e.TextContent));
    }
}
