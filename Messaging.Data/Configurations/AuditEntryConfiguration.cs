using Messaging.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ActorId).HasMaxLength(450).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(AuditEntry.MaxActionLength).IsRequired();
        builder.Property(a => a.TargetType).HasMaxLength(64).IsRequired();
        builder.Property(a => a.TargetId).HasMaxLength(450).IsRequired();
        builder.Property(a => a.Reason).HasMaxLength(AuditEntry.MaxReasonLength);
        builder.HasIndex(a => a.CreatedAt);
    }
}
