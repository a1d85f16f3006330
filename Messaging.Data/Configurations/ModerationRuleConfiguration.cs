using Messaging.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

internal sealed class ModerationRuleConfiguration : IEntityTypeConfiguration<ModerationRule>
{
    public void Configure(EntityTypeBuilder<ModerationRule> builder)
    {
        builder.ToTable("ModerationRules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(ModerationRule.MaxNameLength).IsRequired();
        builder.Property(r => r.Pattern).HasMaxLength(ModerationRule.MaxPatternLength).IsRequired();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.UpdatedById).HasMaxLength(450);
    }
}
