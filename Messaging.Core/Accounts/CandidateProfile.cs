namespace Messaging.Core.Accounts;

/// <summary>The public face of a candidate account (one per Identity user in the Candidate role).</summary>
public class CandidateProfile
{
    public const int MaxNameLength = 100;
    public const int MaxHeadlineLength = 160;

    public required string UserId { get; set; }

    public required string DisplayName { get; set; }

    public string? Headline { get; set; }

    public DateTime CreatedAt { get; set; }
}
