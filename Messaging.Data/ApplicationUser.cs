using Microsoft.AspNetCore.Identity;

namespace Messaging.Data;

/// <summary>The Identity account. Public profile data lives in the Core profiles.</summary>
public class ApplicationUser : IdentityUser
{
    public const int MaxDisplayNameLength = 100;

    public string DisplayName { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>Set while an admin has suspended the account: it cannot sign in or send.</summary>
    public DateTime? SuspendedAt { get; set; }
}
