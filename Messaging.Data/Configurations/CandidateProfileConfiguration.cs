using Messaging.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

internal sealed class CandidateProfileConfiguration : IEntityTypeConfiguration<CandidateProfile>
{
    public void Configure(EntityTypeBuilder<CandidateProfile> builder)
    {
        builder.ToTable("CandidateProfiles");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.Property(p => p.DisplayName).HasMaxLength(CandidateProfile.MaxNameLength).IsRequired();
        builder.Property(p => p.Headline).HasMaxLength(CandidateProfile.MaxHeadlineLength);
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<CandidateProfile>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.DisplayName);
    }
}
