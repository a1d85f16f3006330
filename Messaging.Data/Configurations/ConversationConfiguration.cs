using Messaging.Core.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("Conversations");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CandidateId).HasMaxLength(450);
        builder.Property(c => c.EmployerId).HasMaxLength(450);
        builder.Property(c => c.BlockedById).HasMaxLength(450);
        builder.Property(c => c.Subject).HasMaxLength(Conversation.MaxSubjectLength);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);

        // Sequence assignment updates LastSequence with an optimistic check, so concurrent sends
        // on any provider either get distinct numbers or retry.
        builder.Property(c => c.LastSequence).IsConcurrencyToken();

        builder.HasOne(c => c.Candidate).WithMany().HasForeignKey(c => c.CandidateId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Employer).WithMany().HasForeignKey(c => c.EmployerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Job).WithMany().HasForeignKey(c => c.JobId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Messages).WithOne(m => m.Conversation).HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);

        // One conversation per pair and job. A null job is its own value: the "general" conversation,
        // hence the filtered index for it (NULLs are distinct in unique indexes on every provider).
        builder.HasIndex(c => new { c.CandidateId, c.EmployerId, c.JobId }).IsUnique().HasFilter(null);
        builder.HasIndex(c => new { c.CandidateId, c.EmployerId }).IsUnique()
            .HasFilter("\"JobId\" IS NULL")
            .HasDatabaseName("IX_Conversations_Pair_General");
        // A user's conversations are found by participant (candidates by the unique index above, which starts with
        // CandidateId) and sorted after they are read. No index holds LastActivityAt or any other column a new message
        // updates: each would cost every send a delete and an insert in it, and on PostgreSQL any such index makes
        // the conversation's update a non-HOT one that writes a new entry into every index of the table.
        builder.HasIndex(c => c.EmployerId);
    }
}
