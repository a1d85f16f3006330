namespace Messaging.Core.Conversations;

/// <summary>
/// How one commit of the message writer moves a conversation on: from the last sequence it read to the new one, the
/// time, and the read and delivered marks of whoever sent in it (null for a side that sent nothing: left as stored,
/// since that side's own receipts may move meanwhile). Archives are cleared for both.
/// </summary>
public sealed record ConversationAdvance(Guid Id, long FromSequence, long ToSequence, long? CandidateSeen, long? EmployerSeen, DateTime At);
