using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Messaging.Core.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Core.Encryption;

/// <summary>Which column of a message a ciphertext belongs to; bound into it so the two cannot be swapped.</summary>
public enum CipherField : byte
{
    Body = 1,
    Original = 2,
    /// <summary>An earlier text of an edited message (admins only).</summary>
    PreviousBody = 3,
    PreviousOriginal = 4,
    /// <summary>The bytes of an attachment; bound to the conversation and the attachment id.</summary>
    File = 5,
}

/// <summary>
/// Encrypts message text with AES-256-GCM into a self-describing blob:
/// <c>version (1) | key id length (1) | key id (ASCII) | nonce (12) | tag (16) | ciphertext</c>.
/// The associated data is the blob's header, the conversation id, the message id and the field, so a ciphertext
/// copied into another row or column does not decrypt. Reading never throws: a blob that does not decrypt
/// shows <see cref="Placeholder"/> and logs a warning (without the text).
/// </summary>
public sealed class MessageCipher
{
    public const string Placeholder = "This message can't be displayed.";

    public const byte FormatVersion = 1;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int IdsSize = 16 + 16 + 1;

    private readonly FrozenDictionary<string, byte[]> _keys;
    private readonly ILogger<MessageCipher> _logger;

    public MessageCipher(IOptions<EncryptionOptions> options, ILogger<MessageCipher> logger)
    {
        var value = options.Value;
        _keys = value.Keys.ToFrozenDictionary(k => k.Key, k => EncryptionOptions.DecodeKey(k.Value)!, StringComparer.Ordinal);
        ActiveKeyId = value.ActiveKeyId!;
        _logger = logger;
    }

    /// <summary>The key new ciphertexts are made with.</summary>
    public string ActiveKeyId { get; }

    public byte[] Encrypt(string plaintext, Guid conversationId, Guid messageId, CipherField field)
    {
        var key = _keys[ActiveKeyId];
        var keyId = Encoding.ASCII.GetBytes(ActiveKeyId);
        var text = Encoding.UTF8.GetBytes(plaintext);
        var headerSize = 2 + keyId.Length;
        var blob = new byte[headerSize + NonceSize + TagSize + text.Length];
        blob[0] = FormatVersion;
        blob[1] = (byte)keyId.Length;
        keyId.CopyTo(blob, 2);
        var nonce = blob.AsSpan(headerSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, text, blob.AsSpan(headerSize + NonceSize + TagSize), blob.AsSpan(headerSize + NonceSize, TagSize),
            AssociatedData(blob.AsSpan(0, headerSize), conversationId, messageId, field));
        return blob;
    }

    /// <summary>The text, or <see cref="Placeholder"/> when the blob does not decrypt; null for no blob.</summary>
    [return: NotNullIfNotNull(nameof(blob))]
    public string? Decrypt(byte[]? blob, Guid conversationId, Guid messageId, CipherField field)
    {
        if (blob is null)
        {
            return null;
        }

        if (TryDecrypt(blob, conversationId, messageId, field, out var plaintext))
        {
            return plaintext;
        }

        _logger.LogWarning("The {Field} of message {MessageId} in {ConversationId} could not be decrypted (key {KeyId}); showing a placeholder",
            field, messageId, conversationId, KeyIdOf(blob) ?? "(unreadable header)");
        return Placeholder;
    }

    /// <summary>Decrypts without logging: false for an unknown key, a damaged blob or ids that do not match.</summary>
    public bool TryDecrypt(byte[] blob, Guid conversationId, Guid messageId, CipherField field, [NotNullWhen(true)] out string? plaintext)
    {
        plaintext = null;
        if (KeyIdOf(blob) is not { } keyId || !_keys.TryGetValue(keyId, out var key))
        {
            return false;
        }

        var headerSize = 2 + blob[1];
        if (blob.Length < headerSize + NonceSize + TagSize)
        {
            return false;
        }

        var text = new byte[blob.Length - headerSize - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(blob.AsSpan(headerSize, NonceSize), blob.AsSpan(headerSize + NonceSize + TagSize), blob.AsSpan(headerSize + NonceSize, TagSize), text,
                AssociatedData(blob.AsSpan(0, headerSize), conversationId, messageId, field));
        }
        catch (CryptographicException)
        {
            return false;
        }

        plaintext = Encoding.UTF8.GetString(text);
        return true;
    }

    /// <summary>Encrypts an attachment's bytes into the same blob format, bound to the conversation and the attachment id.</summary>
    public byte[] EncryptFile(ReadOnlySpan<byte> content, Guid conversationId, Guid attachmentId)
    {
        var key = _keys[ActiveKeyId];
        var keyId = Encoding.ASCII.GetBytes(ActiveKeyId);
        var headerSize = 2 + keyId.Length;
        var blob = new byte[headerSize + NonceSize + TagSize + content.Length];
        blob[0] = FormatVersion;
        blob[1] = (byte)keyId.Length;
        keyId.CopyTo(blob, 2);
        var nonce = blob.AsSpan(headerSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, content, blob.AsSpan(headerSize + NonceSize + TagSize), blob.AsSpan(headerSize + NonceSize, TagSize),
            AssociatedData(blob.AsSpan(0, headerSize), conversationId, attachmentId, CipherField.File));
        return blob;
    }

    /// <summary>The attachment's bytes, or null for an unknown key, a damaged blob or ids that do not match.</summary>
    public byte[]? DecryptFile(byte[] blob, Guid conversationId, Guid attachmentId)
    {
        if (KeyIdOf(blob) is not { } keyId || !_keys.TryGetValue(keyId, out var key))
        {
            return null;
        }

        var headerSize = 2 + blob[1];
        if (blob.Length < headerSize + NonceSize + TagSize)
        {
            return null;
        }

        var content = new byte[blob.Length - headerSize - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(blob.AsSpan(headerSize, NonceSize), blob.AsSpan(headerSize + NonceSize + TagSize), blob.AsSpan(headerSize + NonceSize, TagSize), content,
                AssociatedData(blob.AsSpan(0, headerSize), conversationId, attachmentId, CipherField.File));
        }
        catch (CryptographicException)
        {
            _logger.LogWarning("Attachment {AttachmentId} in {ConversationId} could not be decrypted (key {KeyId})", attachmentId, conversationId, keyId);
            return null;
        }

        return content;
    }

    /// <summary>The key id in a blob's header, or null when the header is not one this version writes.</summary>
    public static string? KeyIdOf(byte[] blob)
    {
        if (blob.Length < 2 || blob[0] != FormatVersion || blob[1] is 0 or > EncryptionOptions.MaxKeyIdLength || blob.Length < 2 + blob[1])
        {
            return null;
        }

        return Encoding.ASCII.GetString(blob, 2, blob[1]);
    }

    /// <summary>Encrypts the shown text and, when moderation changed it, the original into <paramref name="message"/>.</summary>
    public void Seal(Message message, string body, string? originalBody)
    {
        message.BodyCiphertext = Encrypt(body, message.ConversationId, message.Id, CipherField.Body);
        message.OriginalCiphertext = originalBody is null ? null : Encrypt(originalBody, message.ConversationId, message.Id, CipherField.Original);
        message.KeyId = ActiveKeyId;
    }

    public string? OpenBody(Message message) => Decrypt(message.BodyCiphertext, message.ConversationId, message.Id, CipherField.Body);

    public string? OpenOriginal(Message message) => Decrypt(message.OriginalCiphertext, message.ConversationId, message.Id, CipherField.Original);

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, Guid conversationId, Guid messageId, CipherField field)
    {
        var data = new byte[header.Length + IdsSize];
        header.CopyTo(data);
        var ids = data.AsSpan(header.Length);
        conversationId.TryWriteBytes(ids[..16], bigEndian: true, out _);
        messageId.TryWriteBytes(ids.Slice(16, 16), bigEndian: true, out _);
        ids[32] = (byte)field;
        return data;
    }
}
