using Messaging.Core.Interviews;
using Messaging.Core.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

internal sealed class InterviewInvitationConfiguration : IEntityTypeConfiguration<InterviewInvitation>
{
    public void Configure(EntityTypeBuilder<InterviewInvitation> builder)
    {
        builder.ToTable("InterviewInvitations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.EmployerId).HasMaxLength(450);
        builder.Property(i => i.Location).HasMaxLength(InterviewInvitation.MaxLocationLength);
        builder.Property(i => i.Note).HasMaxLength(InterviewInvitation.MaxNoteLength);
        builder.Property(i => i.DeclineReason).HasMaxLength(InterviewInvitation.MaxReasonLength);
        builder.Ignore(i => i.Slots);
        builder.Ignore(i => i.AcceptedStart);
        builder.Ignore(i => i.IsLink);
        builder.HasIndex(i => i.MessageId).IsUnique();
        builder.HasIndex(i => i.ConversationId);
        builder.HasOne<Message>().WithMany().HasForeignKey(i => i.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
