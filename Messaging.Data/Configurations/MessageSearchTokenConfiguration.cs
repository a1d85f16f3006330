using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

/// <summary>
/// The key is the only index: a sent message writes one row per word, so each row costs one B-tree insert (SQLite,
/// where the table is WITHOUT ROWID — set by hand in the SearchTokenKey migration, EF cannot express it) or heap
/// plus one index (PostgreSQL). Search looks (ConversationId, Token) up, a prefix of the key. There is no foreign
/// key to Messages: its cascade would need an index on MessageId. Messages are never hard-deleted; the services
/// that erase a message's text delete its tokens by key (see MessageEditService and PersonalDataService).
/// </summary>
internal sealed class MessageSearchTokenConfiguration : IEntityTypeConfiguration<MessageSearchToken>
{
    public void Configure(EntityTypeBuilder<MessageSearchToken> builder)
    {
        builder.ToTable("MessageSearchTokens");
        builder.HasKey(t => new { t.ConversationId, t.Token, t.MessageId });
        builder.Property(t => t.Token).HasMaxLength(BlindIndex.TokenSize).IsFixedLength();
    }
}
