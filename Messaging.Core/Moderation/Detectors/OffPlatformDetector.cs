using System.Text.RegularExpressions;

namespace Messaging.Core.Moderation.Detectors;

/// <summary>
/// Attempts to move the conversation to WhatsApp, Telegram, Signal, WeChat, Skype, Viber or Instagram: their contact links
/// (wa.me, t.me, signal.me…), or an app named together with a handle or number ("add me on telegram @handle",
/// "whatsapp me on +44 7700 900123", "my skype is john.smith"). Naming an app alone ("interviews are on Skype",
/// "a strong signal") is fine.
/// </summary>
public sealed partial class OffPlatformDetector : IModerationDetector
{
    private const int Window = 40;

    public string Name => ModerationDetectors.OffPlatform;

    public string Reason => "Moving the conversation to other messaging apps is not allowed here; please keep it on the platform.";

    public IReadOnlyList<TextSpan> Find(string text)
    {
        var spans = new List<TextSpan>();
        foreach (Match link in Link().Matches(text))
        {
            spans.Add(new TextSpan(link.Index, link.Length));
        }

        foreach (Match app in App().Matches(text))
        {
            if (FindContact(text, app) is { } span)
            {
                spans.Add(span);
            }
        }

        return TextSpan.Merge(spans);
    }

    private static TextSpan? FindContact(string text, Match app)
    {
        // Look only within the app's line, a few words either side.
        var lineStart = text.LastIndexOf('\n', Math.Max(0, app.Index - 1)) + 1;
        var lineEnd = text.IndexOf('\n', app.Index + app.Length) is var n and >= 0 ? n : text.Length;
        var beforeStart = Math.Max(lineStart, app.Index - Window);
        var before = text[beforeStart..app.Index];
        var afterStart = app.Index + app.Length;
        var after = text[afterStart..Math.Min(lineEnd, afterStart + Window)];
        var isSignal = app.Value.StartsWith("signal", StringComparison.OrdinalIgnoreCase);

        if (HandleAfter().Match(after) is { Success: true } handle)
        {
            return TextSpan.FromBounds(app.Index, afterStart + handle.Index + handle.Length);
        }

        if (LabelledHandleAfter().Match(after) is { Success: true } labelled)
        {
            return TextSpan.FromBounds(app.Index, afterStart + labelled.Index + labelled.Length);
        }

        if (HandleBefore().Match(before) is { Success: true } previous)
        {
            return TextSpan.FromBounds(beforeStart + previous.Index, afterStart);
        }

        if (InvitationBefore().Match(before) is { Success: true } invitation)
        {
            return TextSpan.FromBounds(beforeStart + invitation.Index, afterStart);
        }

        // "whatsapp me", "skype us"; but "signal me when you're ready" is ordinary English.
        if (!isSignal && AppAsVerb().Match(after) is { Success: true } verb)
        {
            return TextSpan.FromBounds(app.Index, afterStart + verb.Index + verb.Length);
        }

        return null;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}.\-])(?:https?://)?(?:www\.)?(?:(?:wa\.me|api\.whatsapp\.com/send|chat\.whatsapp\.com|t\.me|telegram\.me|telegram\.dog|signal\.me|signal\.group|join\.skype\.com|u\.wechat\.com|weixin\.qq\.com|viber\.click|invite\.viber\.com)/\S+|skype:[\w.:\-]+\?(?:call|chat))",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex Link();

    [GeneratedRegex(@"\b(?:what'?s\s?app|whatsap+|telegram|tg|signal|wechat|weixin|skype|viber|instagram|insta)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex App();

    // "… me on +44 7700 900123", "… @handle", "… number: 07700900123", "… id: @jane".
    [GeneratedRegex(@"^[\s:,\-–(]*(?:(?:(?:me|us|on|at|via|is|id|handle|username|user\s?name|name|number|no|nr)\b\.?|\#)[\s:,\-–#]*){0,4}(?:@[\w.]{3,}|\+?[0-9](?:[\s().\-]?[0-9]){6,})",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex HandleAfter();

    // "… id: janedoe", "… is john.smith", "…: live:jane_doe" (a bare word after "is" or ":" must look like a handle).
    [GeneratedRegex(@"^\s*(?:(?:id|handle|username|user\s?name|account)\s*(?:is|:)?\s*@?[\w][\w.\-]{2,}|(?:is|:)\s*(?:live:[\w.\-]+|[a-z][a-z0-9]*[._\-0-9][\w.\-]*))",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex LabelledHandleAfter();

    // "+44 7700 900123 on …", "@janedoe (…".
    [GeneratedRegex(@"(?:@[\w.]{3,}|\+?[0-9](?:[\s().\-]?[0-9]){6,})[\s:,\-–(]*(?:(?:on|via|is|at|in|for|my|me|through|over)\s+){0,3}$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex HandleBefore();

    // "add me on …", "let's move this to …", "can we continue the conversation on …".
    [GeneratedRegex(@"\b(?:(?:add|message|msg|text|contact|reach|find|ping|dm|call|write|hit)\s+(?:me|us)\s+(?:up\s+)?|(?:chat|talk)\s+(?:with|to)\s+(?:me|us)\s+|(?:continue|move|switch|take)\s+(?:this|it|the\s+(?:conversation|chat))?\s*)(?:on|via|through|over|to|in)\s+$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex InvitationBefore();

    [GeneratedRegex(@"^\s+(?:me|us)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex AppAsVerb();
}
