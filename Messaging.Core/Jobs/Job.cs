using Messaging.Core.Accounts;

namespace Messaging.Core.Jobs;

/// <summary>A position an employer hires for; conversations may be about one.</summary>
public class Job
{
    public const int MaxTitleLength = 160;

    public Guid Id { get; set; }

    public required string EmployerId { get; set; }

    public EmployerProfile? Employer { get; set; }

    public required string Title { get; set; }

    public string? Location { get; set; }

    public bool IsOpen { get; set; } = true;

    public DateTime CreatedAt { get; set; }
}
