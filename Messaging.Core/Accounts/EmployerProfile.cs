namespace Messaging.Core.Accounts;

/// <summary>The public face of an employer (recruiter) account: who they are and which company they hire for.</summary>
public class EmployerProfile
{
    public const int MaxNameLength = 100;
    public const int MaxCompanyLength = 120;

    public required string UserId { get; set; }

    public required string DisplayName { get; set; }

    public required string CompanyName { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<Jobs.Job> Jobs { get; set; } = [];
}
