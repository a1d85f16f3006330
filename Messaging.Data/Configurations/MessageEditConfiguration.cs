using Messaging.Core.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Data.Configurations;

internal sealed class MessageEditConfiguration : IEntityTypeConfiguration<MessageEdit>
{
    public void Configure(EntityTypeBuilder<MessageEdit> builder)
    {
        builder.ToTable("MessageEdits");
        builder.HasKey(e => e.Id);

        // An admin reads a message's history in order; deleting the message takes its history with it.
        builder.HasIndex(e => new { e.MessageId, e.EditedAt });
        builder.HasOne<Message>().WithMany().HasForeignKey(e => e.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
