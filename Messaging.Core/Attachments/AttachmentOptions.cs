using System.ComponentModel.DataAnnotations;

namespace Messaging.Core.Attachments;

/// <summary>The <c>Attachments</c> section: the size limit and where the local store keeps files.</summary>
public sealed class AttachmentOptions
{
    public const string SectionName = "Attachments";

    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    /// <summary>The largest file that can be sent, in bytes (10 MB by default).</summary>
    [Range(1, 100L * 1024 * 1024, ErrorMessage = "Attachments:MaxBytes must be between 1 byte and 100 MB.")]
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>The folder of the local-disk store; relative paths are under the content root.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Attachments:Path is empty: name a folder for the encrypted attachment files.")]
    public string Path { get; set; } = "App_Data/attachments";
}
