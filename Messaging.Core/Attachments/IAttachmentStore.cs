namespace Messaging.Core.Attachments;

/// <summary>Where encrypted attachment bytes live, by storage key (the database holds only the key).</summary>
public interface IAttachmentStore
{
    Task PutAsync(string storageKey, byte[] content, CancellationToken cancellationToken = default);

    /// <summary>The stored bytes, or null when nothing is stored under the key.</summary>
    Task<byte[]?> GetAsync(string storageKey, CancellationToken cancellationToken = default);

    /// <summary>Removes the bytes; a missing key is not an error.</summary>
    Task DeleteAsync(string storageKey, CancellationToken cancellationToken = default);
}
