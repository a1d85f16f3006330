using System.ComponentModel.DataAnnotations;

namespace Messaging.Web.Infrastructure;

/// <summary>The <c>Admin</c> section: the administrator account created at start when an e-mail is set.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>Empty means no admin is bootstrapped from configuration.</summary>
    public string? Email { get; set; }

    public string? Password { get; set; }

    [MaxLength(100)]
    public string DisplayName { get; set; } = "Administrator";

    /// <summary>Seed the demo accounts and conversations (always on in Development; or run with --seed-demo).</summary>
    public bool SeedDemo { get; set; }

    internal bool IsValid() =>
        string.IsNullOrWhiteSpace(Email) || (new EmailAddressAttribute().IsValid(Email) && !string.IsNullOrWhiteSpace(Password));
}
