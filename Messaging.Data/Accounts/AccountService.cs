using Messaging.Core.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Messaging.Data.Accounts;

/// <summary>Creates accounts with their role and profile in one transaction: registration, the admin bootstrap and the demo seed.</summary>
public sealed class AccountService(MessagingDbContext db, UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, TimeProvider time)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }
    }

    /// <summary>Creates the admin account named in configuration, or makes sure the existing one is an admin.</summary>
    public async Task EnsureAdminAsync(string email, string password, string displayName)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = NewUser(email, displayName);
            Check(await users.CreateAsync(user, password), $"admin {email}");
        }

        if (!await users.IsInRoleAsync(user, Roles.Admin))
        {
            Check(await users.AddToRoleAsync(user, Roles.Admin), $"admin role for {email}");
        }
    }

    public Task<(IdentityResult Result, ApplicationUser User)> RegisterCandidateAsync(string email, string password, string name, string? headline) =>
        RegisterAsync(email, password, name, Roles.Candidate, user =>
            db.CandidateProfiles.Add(new CandidateProfile { UserId = user.Id, DisplayName = name, Headline = NullIfBlank(headline), CreatedAt = user.CreatedAt }));

    public Task<(IdentityResult Result, ApplicationUser User)> RegisterEmployerAsync(string email, string password, string name, string company) =>
        RegisterAsync(email, password, name, Roles.Employer, user =>
            db.EmployerProfiles.Add(new EmployerProfile { UserId = user.Id, DisplayName = name, CompanyName = company.Trim(), CreatedAt = user.CreatedAt }));

    internal async Task<ApplicationUser> EnsureAsync(Func<Task<(IdentityResult Result, ApplicationUser User)>> register, string email)
    {
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            return existing;
        }

        var (result, user) = await register();
        Check(result, email);
        return user;
    }

    private async Task<(IdentityResult Result, ApplicationUser User)> RegisterAsync(
        string email, string password, string name, string role, Action<ApplicationUser> addProfile)
    {
        var user = NewUser(email.Trim(), name.Trim());
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return (result, user);
        }

        result = await users.AddToRoleAsync(user, role);
        if (!result.Succeeded)
        {
            return (result, user);
        }

        addProfile(user);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return (IdentityResult.Success, user);
    }

    private ApplicationUser NewUser(string email, string displayName) => new()
    {
        UserName = email,
        Email = email,
        EmailConfirmed = true,
        DisplayName = displayName,
        CreatedAt = time.GetUtcNow().UtcDateTime,
    };

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Creating {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
