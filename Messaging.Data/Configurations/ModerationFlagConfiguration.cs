using Messaging.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

internal sealed class ModerationFlagConfiguration : IEntityTypeConfiguration<ModerationFlag>
{
    public void Configure(EntityTypeBuilder<ModerationFlag> builder)
    {
        builder.ToTable("ModerationFlags");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Reason).HasConversion<string>().HasMaxLength(24);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.ReporterId).HasMaxLength(450);
        builder.Property(f => f.ResolvedById).HasMaxLength(450);
        builder.Property(f => f.Details).HasMaxLength(ModerationFlag.MaxDetailsLength);
        builder.Property(f => f.Resolution).HasMaxLength(ModerationFlag.MaxDetailsLength);
        builder.HasOne<Core.Conversations.Conversation>().WithMany().HasForeignKey(f => f.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Core.Messages.Message>().WithMany().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(f => new { f.Status, f.CreatedAt });
    }
}
