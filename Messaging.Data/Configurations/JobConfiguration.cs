using Messaging.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("Jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.EmployerId).HasMaxLength(450);
        builder.Property(j => j.Title).HasMaxLength(Job.MaxTitleLength).IsRequired();
        builder.Property(j => j.Location).HasMaxLength(120);
        builder.HasIndex(j => j.EmployerId);
    }
}
