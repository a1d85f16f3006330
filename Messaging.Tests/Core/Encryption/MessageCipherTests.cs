using System.Text;
using Messaging.Core.Encryption;
using Messaging.Core.Messages;
using Messaging.Tests.Infrastructure;

namespace Messaging.Tests.Core.Encryption;

public class MessageCipherTests
{
    private static readonly Guid ConversationId = Guid.NewGuid();
    private static readonly Guid MessageId = Guid.NewGuid();
    private static readonly string SecondKey = EncryptionOptions.NewKey();

    [Fact]
    public void Encrypt_then_decrypt_returns_the_text()
    {
        var cipher = TestKeys.Cipher();
        var text = "Could we talk on Thursday at 10:00? Café ☕ 🙂";

        var blob = cipher.Encrypt(text, ConversationId, MessageId, CipherField.Body);

        Assert.Equal(text, cipher.Decrypt(blob, ConversationId, MessageId, CipherField.Body));
        Assert.Equal(TestKeys.KeyId, MessageCipher.KeyIdOf(blob));
        Assert.DoesNotContain("Thursday", Encoding.UTF8.GetString(blob), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_text_encrypts_differently_each_time()
    {
        var cipher = TestKeys.Cipher();

        var first = cipher.Encrypt("Hello", ConversationId, MessageId, CipherField.Body);
        var second = cipher.Encrypt("Hello", ConversationId, MessageId, CipherField.Body);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_ciphertext_moved_to_another_message_conversation_or_column_does_not_decrypt()
    {
        var cipher = TestKeys.Cipher();
        var blob = cipher.Encrypt("Salary range is 70-85k", ConversationId, MessageId, CipherField.Body);

        Assert.False(cipher.TryDecrypt(blob, ConversationId, Guid.NewGuid(), CipherField.Body, out _));
        Assert.False(cipher.TryDecrypt(blob, Guid.NewGuid(), MessageId, CipherField.Body, out _));
        Assert.False(cipher.TryDecrypt(blob, ConversationId, MessageId, CipherField.Original, out _));
        Assert.Equal(MessageCipher.Placeholder, cipher.Decrypt(blob, ConversationId, Guid.NewGuid(), CipherField.Body));
    }

    [Theory]
    [InlineData("tag")]
    [InlineData("ciphertext")]
    [InlineData("nonce")]
    public void A_tampered_blob_shows_the_placeholder(string part)
    {
        var cipher = TestKeys.Cipher();
        var blob = cipher.Encrypt("Remote with one week on site", ConversationId, MessageId, CipherField.Body);
        var header = 2 + TestKeys.KeyId.Length;
        var index = part switch
        {
            "nonce" => header,
            "tag" => header + 12,
            _ => blob.Length - 1,
        };

        blob[index] ^= 0x01;

        Assert.False(cipher.TryDecrypt(blob, ConversationId, MessageId, CipherField.Body, out _));
        Assert.Equal(MessageCipher.Placeholder, cipher.Decrypt(blob, ConversationId, MessageId, CipherField.Body));
    }

    [Fact]
    public void A_blob_under_an_unknown_key_id_shows_the_placeholder()
    {
        var other = TestKeys.Cipher(TestKeys.Options("other", ("other", SecondKey)));
        var blob = other.Encrypt("Hello", ConversationId, MessageId, CipherField.Body);

        var cipher = TestKeys.Cipher();

        Assert.Equal("other", MessageCipher.KeyIdOf(blob));
        Assert.Equal(MessageCipher.Placeholder, cipher.Decrypt(blob, ConversationId, MessageId, CipherField.Body));
    }

    [Fact]
    public void Garbage_and_empty_blobs_show_the_placeholder()
    {
        var cipher = TestKeys.Cipher();

        Assert.Equal(MessageCipher.Placeholder, cipher.Decrypt([], ConversationId, MessageId, CipherField.Body));
        Assert.Equal(MessageCipher.Placeholder, cipher.Decrypt([1, 6, 116, 101], ConversationId, MessageId, CipherField.Body));
        Assert.Equal(MessageCipher.Placeholder, cipher.Decrypt(Encoding.UTF8.GetBytes("plain text"), ConversationId, MessageId, CipherField.Body));
        Assert.Null(cipher.Decrypt(null, ConversationId, MessageId, CipherField.Body));
    }

    [Fact]
    public void After_rotation_new_text_uses_the_active_key_and_old_text_still_decrypts()
    {
        var before = TestKeys.Cipher();
        var old = before.Encrypt("Written before the rotation", ConversationId, MessageId, CipherField.Body);

        var after = TestKeys.Cipher(TestKeys.Options("test-2", ("test-2", SecondKey)));
        var message = new Message { Id = MessageId, ConversationId = ConversationId };
        after.Seal(message, "Written after the rotation", "Original text");

        Assert.Equal("test-2", message.KeyId);
        Assert.Equal("test-2", MessageCipher.KeyIdOf(message.BodyCiphertext!));
        Assert.Equal("test-2", MessageCipher.KeyIdOf(message.OriginalCiphertext!));
        Assert.Equal("Written after the rotation", after.OpenBody(message));
        Assert.Equal("Original text", after.OpenOriginal(message));
        Assert.Equal("Written before the rotation", after.Decrypt(old, ConversationId, MessageId, CipherField.Body));
        Assert.Equal(MessageCipher.Placeholder, before.OpenBody(message));
    }

    [Fact]
    public void Options_without_keys_fail_with_a_message_that_says_what_to_set()
    {
        var result = new EncryptionOptionsValidator().Validate(null, new EncryptionOptions());

        Assert.True(result.Failed);
        Assert.Contains("Encryption__Keys__", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_with_a_short_key_a_missing_active_key_or_a_reused_blind_index_key_fail()
    {
        var validator = new EncryptionOptionsValidator();
        var shortKey = TestKeys.Options();
        shortKey.Keys["short"] = Convert.ToBase64String(new byte[16]);
        var missingActive = TestKeys.Options("nope");
        var reused = TestKeys.Options();
        reused.BlindIndexKey = TestKeys.Key;

        Assert.Contains("Encryption:Keys:short", validator.Validate(null, shortKey).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ActiveKeyId", validator.Validate(null, missingActive).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("BlindIndexKey", validator.Validate(null, reused).FailureMessage, StringComparison.Ordinal);
        Assert.True(validator.Validate(null, TestKeys.Options()).Succeeded);
    }
}
