namespace Messaging.Bench.Load;

// Only the fields the generator reads; both servers send more, which the JSON protocol ignores.

public sealed record ConversationRefDto(Guid Id);

public sealed record MessageDto(Guid Id, Guid ConversationId, long Sequence, string? SenderId, Guid ClientMessageId, string? Body);

public sealed record MessageCreatedDto(ConversationRefDto Conversation, MessageDto Message);
