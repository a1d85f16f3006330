using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("Messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.SenderId).HasMaxLength(450);
        builder.Property(m => m.Type).HasConversion<string>().HasMaxLength(24);
        builder.Property(m => m.Moderation).HasConversion<string>().HasMaxLength(16);

        // Ciphertext only (see MessageCipher); the key id lets the rotation job find rows on an old key.
        builder.Property(m => m.BodyCiphertext);
        builder.Property(m => m.OriginalCiphertext);
        builder.Property(m => m.KeyId).HasMaxLength(EncryptionOptions.MaxKeyIdLength);
        builder.Property(m => m.SearchFilter).HasMaxLength(SearchFilter.MaxBits / 8);

        // History pages and catch-up read by (conversation, sequence); the index also makes a
        // duplicate sequence impossible.
        builder.HasIndex(m => new { m.ConversationId, m.Sequence }).IsUnique();

        // Idempotent sends: a retry with the same client id finds the stored message.
        builder.HasIndex(m => new { m.SenderId, m.ClientMessageId }).IsUnique();

        // Messages whose search filter is still to be computed (stored before filters existed): the backfill finds
        // them here. New messages always have one, so a send never writes to this index.
        builder.HasIndex(m => m.Id).HasFilter("\"SearchFilter\" IS NULL").HasDatabaseName("IX_Messages_SearchFilterPending");

        builder.HasOne<Message>().WithMany().HasForeignKey(m => m.ReplyToId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.Reactions).WithOne().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
