using System.Buffers;
using Messaging.Core.Attachments;

namespace Messaging.Data.Attachments;

/// <summary>
/// Keeps (already encrypted) attachment blobs as files under one folder, <c>App_Data/attachments</c> by default.
/// Keys are ours (<c>conversation/blob</c> in hex), and anything else is refused, so a key can never leave the folder.
/// </summary>
public sealed class LocalDiskAttachmentStore(string root) : IAttachmentStore
{
    private static readonly SearchValues<char> KeyChars = SearchValues.Create("0123456789abcdef/");

    public string Root { get; } = Path.GetFullPath(root);

    public async Task PutAsync(string storageKey, byte[] content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(storageKey);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write aside and move into place, so a reader never sees half a file.
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public async Task<byte[]?> GetAsync(string storageKey, CancellationToken cancellationToken = default)
    {
        var path = PathOf(storageKey);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task DeleteAsync(string storageKey, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(storageKey));
        return Task.CompletedTask;
    }

    private string PathOf(string storageKey)
    {
        if (string.IsNullOrEmpty(storageKey) || storageKey.AsSpan().ContainsAnyExcept(KeyChars) || storageKey.Contains("//", StringComparison.Ordinal)
            || storageKey[0] == '/' || storageKey[^1] == '/')
        {
            throw new ArgumentException("Not an attachment storage key.", nameof(storageKey));
        }

        return Path.Combine(Root, storageKey.Replace('/', Path.DirectorySeparatorChar));
    }
}
