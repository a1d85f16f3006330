using Messaging.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

internal sealed class EmployerProfileConfiguration : IEntityTypeConfiguration<EmployerProfile>
{
    public void Configure(EntityTypeBuilder<EmployerProfile> builder)
    {
        builder.ToTable("EmployerProfiles");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.Property(p => p.DisplayName).HasMaxLength(EmployerProfile.MaxNameLength).IsRequired();
        builder.Property(p => p.CompanyName).HasMaxLength(EmployerProfile.MaxCompanyLength).IsRequired();
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<EmployerProfile>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Jobs).WithOne(j => j.Employer).HasForeignKey(j => j.EmployerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.CompanyName);
    }
}
