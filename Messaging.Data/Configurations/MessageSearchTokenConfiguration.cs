using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

internal sealed class MessageSearchTokenConfiguration : IEntityTypeConfiguration<MessageSearchToken>
{
    public void Configure(EntityTypeBuilder<MessageSearchToken> builder)
    {
        builder.ToTable("MessageSearchTokens");
        builder.HasKey(t => new { t.MessageId, t.Token });
        builder.Property(t => t.Token).HasMaxLength(BlindIndex.TokenSize).IsFixedLength();

        // Search looks a word up within one conversation.
        builder.HasIndex(t => new { t.ConversationId, t.Token });

        builder.HasOne<Message>().WithMany().HasForeignKey(t => t.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
