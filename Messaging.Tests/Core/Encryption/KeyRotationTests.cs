using Messaging.Core.Common;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Tests.Core.Encryption;

public class KeyRotationTests
{
    public static TheoryData<TestProvider> Providers => ChatScenario.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Adding_an_active_key_and_running_the_job_moves_every_message_to_it_still_readable(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var chat = await ChatScenario.StartAsync(database);
        var texts = Enumerable.Range(1, 5).Select(i => $"Message number {i}").Append("Not for an idiot").ToList();
        foreach (var text in texts)
        {
            await chat.SendAsync(chat.CandidateId, text);
        }

        var rotatedCipher = TestKeys.Cipher(TestKeys.Options("test-2", ("test-2", EncryptionOptions.NewKey())));
        var dbFactory = database.Services.GetRequiredService<IMessagingDbFactory>();
        var rotation = new MessageKeyRotation(dbFactory, rotatedCipher, NullLogger<MessageKeyRotation>.Instance);

        Assert.Equal(6, await rotation.CountPendingAsync());
        var first = await rotation.RotateBatchAsync(batchSize: 4);
        Assert.Equal(new RotationBatch(4, 0), first);
        Assert.Equal(2, await rotation.CountPendingAsync()); // a restart here simply continues with these

        Assert.Equal(2, await rotation.RotateAllAsync(batchSize: 4, TimeSpan.Zero));

        var stored = await chat.StoredMessagesAsync();
        Assert.All(stored, m => Assert.Equal("test-2", m.KeyId));
        Assert.All(stored, m => Assert.Equal("test-2", MessageCipher.KeyIdOf(m.BodyCiphertext!)));
        Assert.Equal(texts[..5], stored.Take(5).Select(rotatedCipher.OpenBody));
        Assert.Equal("Not for an idiot", rotatedCipher.OpenOriginal(stored[5]));
        Assert.All(stored, m => Assert.Equal(MessageCipher.Placeholder, TestKeys.Cipher().OpenBody(m))); // the old key alone no longer reads them
        Assert.Equal(0, await rotation.CountPendingAsync());
    }

    [Fact]
    public async Task A_message_that_does_not_decrypt_is_skipped_and_the_rest_are_rotated()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        var chat = await ChatScenario.StartAsync(database);
        await chat.SendAsync(chat.CandidateId, "First");
        var broken = await chat.SendAsync(chat.CandidateId, "Second");
        await chat.SendAsync(chat.CandidateId, "Third");
        var dbFactory = database.Services.GetRequiredService<IMessagingDbFactory>();
        await using (var db = dbFactory.Create())
        {
            var message = await db.Messages.SingleAsync(m => m.Id == broken.Id);
            message.BodyCiphertext![^1] ^= 0xFF;
            db.Messages.Entry(message).Property(m => m.BodyCiphertext).IsModified = true;
            await db.SaveChangesAsync();
        }

        var rotatedCipher = TestKeys.Cipher(TestKeys.Options("test-2", ("test-2", EncryptionOptions.NewKey())));
        var rotation = new MessageKeyRotation(dbFactory, rotatedCipher, NullLogger<MessageKeyRotation>.Instance);

        Assert.Equal(2, await rotation.RotateAllAsync(batchSize: 500, TimeSpan.Zero));

        var stored = await chat.StoredMessagesAsync();
        Assert.Equal(["test-2", TestKeys.KeyId, "test-2"], stored.Select(m => m.KeyId));
        Assert.Equal(["First", MessageCipher.Placeholder, "Third"], stored.Select(rotatedCipher.OpenBody));
    }
}
