using Messaging.Core.Messages;

namespace Messaging.Web.Components.Chat;

/// <summary>The user picked (or clicked again) <paramref name="Emoji"/> on <paramref name="Message"/>.</summary>
public sealed record ReactionRequest(MessageView Message, string Emoji);
