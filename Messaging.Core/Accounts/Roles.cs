namespace Messaging.Core.Accounts;

/// <summary>The account roles. A user has exactly one of Candidate or Employer; admins may have only Admin.</summary>
public static class Roles
{
    public const string Candidate = "Candidate";
    public const string Employer = "Employer";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Candidate, Employer, Admin];
}
