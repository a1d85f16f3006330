using System.Text;
using Messaging.Core.Attachments;
using Messaging.Core.Common;
using Messaging.Core.Messages;
using Messaging.Core.Realtime;
using Messaging.Data.Attachments;
using Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Tests.Core.Attachments;

/// <summary>Sending files on SQLite: checked by content and size, encrypted on disk, nothing left behind on refusal.</summary>
public class AttachmentServiceTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pdf_is_stored_encrypted_as_a_file_message_and_participants_can_open_it()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);
        var service = chat.Get<AttachmentService>();
        using var probe = new EventProbe(chat.Bus, ChatTopics.Conversation(chat.ConversationId));
        var pdf = FileTypeSnifferTests.Pdf;

        var sent = ChatScenario.Ok(await service.SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), "../My CV.exe", new MemoryStream(pdf), "My CV", Ct));

        Assert.Equal(MessageType.File, sent.Type);
        Assert.Equal("My CV", sent.Body);
        var file = Assert.Single(sent.Attachments);
        Assert.Equal(new AttachmentView(file.Id, "My CV.exe.pdf", "application/pdf", pdf.Length), file);
        await probe.SettleAsync();
        Assert.Equal(sent, probe.All<MessageCreated>().Single().Message);
        var history = ChatScenario.Ok(await chat.History.HistoryAsync(chat.EmployerId, chat.ConversationId, null, 10));
        Assert.Equal(file, Assert.Single(Assert.Single(history).Attachments));

        var blobs = StoredBlobs(chat);
        var raw = await File.ReadAllBytesAsync(Assert.Single(blobs), Ct);
        Assert.Equal(-1, raw.AsSpan().IndexOf(pdf.AsSpan(0, 20)));
        Assert.DoesNotContain("%PDF", Encoding.Latin1.GetString(raw), StringComparison.Ordinal);

        var opened = ChatScenario.Ok(await service.OpenAsync(chat.EmployerId, file.Id, Ct));
        Assert.Equal(pdf, opened.Content);
        Assert.Equal("application/pdf", opened.ContentType);
    }

    [Fact]
    public async Task Retrying_an_upload_returns_the_stored_message_and_stores_nothing_new()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);
        var service = chat.Get<AttachmentService>();
        var clientId = Guid.NewGuid();

        var first = ChatScenario.Ok(await service.SendAsync(chat.CandidateId, chat.ConversationId, clientId, "cv.pdf", new MemoryStream(FileTypeSnifferTests.Pdf), null, Ct));
        var again = ChatScenario.Ok(await service.SendAsync(chat.CandidateId, chat.ConversationId, clientId, "cv.pdf", new MemoryStream(FileTypeSnifferTests.Pdf), null, Ct));

        Assert.Equal(first, again);
        Assert.Single(StoredBlobs(chat));
        Assert.Single(await chat.StoredMessagesAsync());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_after_reading_one_byte_more_and_nothing_is_stored()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);
        var endless = new EndlessPdfStream();

        var result = await chat.Get<AttachmentService>().SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), "big.pdf", endless, null, Ct);

        Assert.Equal("Files can be at most 10 MB.", result.Error?.Message);
        Assert.Equal(AttachmentOptions.DefaultMaxBytes + 1, endless.BytesRead);
        await AssertNothingStoredAsync(chat);
    }

    [Fact]
    public async Task A_program_renamed_to_pdf_is_refused_by_its_content_and_nothing_is_stored()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);

        var result = await chat.Get<AttachmentService>().SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), "cv.pdf", new MemoryStream([0x4D, 0x5A, 0x90, 0, 3, 0]), null, Ct);

        Assert.Equal(ErrorCode.Rejected, result.Error?.Code);
        Assert.Equal("Only PDF, DOCX, PNG, JPEG and TXT files can be sent; this file looks like a Windows program.", result.Error?.Message);
        await AssertNothingStoredAsync(chat);
    }

    [Fact]
    public async Task Outsiders_can_neither_send_into_nor_open_files_of_a_conversation()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);
        var outsider = await ChatScenario.RegisterCandidateAsync(database, "eve@example.com", "Eve Outsider");
        var service = chat.Get<AttachmentService>();

        var refused = await service.SendAsync(outsider, chat.ConversationId, Guid.NewGuid(), "x.pdf", new MemoryStream(FileTypeSnifferTests.Pdf), null, Ct);
        Assert.Equal(ErrorCode.NotParticipant, refused.Error?.Code);
        await AssertNothingStoredAsync(chat);

        var sent = ChatScenario.Ok(await service.SendAsync(chat.EmployerId, chat.ConversationId, Guid.NewGuid(), "offer.pdf", new MemoryStream(FileTypeSnifferTests.Pdf), null, Ct));
        var opened = await service.OpenAsync(outsider, sent.Attachments[0].Id, Ct);
        Assert.Equal(ErrorCode.NotFound, opened.Error?.Code);
    }

    [Fact]
    public async Task The_blob_is_deleted_when_the_message_cannot_be_stored()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);
        await using (var db = chat.Get<IMessagingDbFactory>().Create())
        {
            // A blocked conversation refuses the message after the blob was written.
            await db.Conversations.Where(c => c.Id == chat.ConversationId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, Messaging.Core.Conversations.ConversationStatus.Blocked), Ct);
        }

        var result = await chat.Get<AttachmentService>().SendAsync(chat.CandidateId, chat.ConversationId, Guid.NewGuid(), "cv.pdf", new MemoryStream(FileTypeSnifferTests.Pdf), null, Ct);

        Assert.Equal(MessageErrors.ConversationBlocked, result.Error);
        await AssertNothingStoredAsync(chat);
    }

    private static string[] StoredBlobs(ChatScenario chat)
    {
        var root = ((LocalDiskAttachmentStore)chat.Get<IAttachmentStore>()).Root;
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : [];
    }

    private static async Task AssertNothingStoredAsync(ChatScenario chat)
    {
        Assert.Empty(StoredBlobs(chat));
        Assert.Empty(await chat.StoredMessagesAsync());
        await using var db = chat.Get<IMessagingDbFactory>().Create();
        Assert.Equal(0, await db.Attachments.CountAsync(Ct));
    }

    /// <summary>A PDF that never ends, counting what was read from it.</summary>
    private sealed class EndlessPdfStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var span = buffer.AsSpan(offset, count);
            span.Fill((byte)' ');
            if (BytesRead == 0)
            {
                "%PDF-1.4"u8.CopyTo(span);
            }

            BytesRead += count;
            return count;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
