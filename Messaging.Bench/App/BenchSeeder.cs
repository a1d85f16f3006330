using Messaging.Bench.Load;
using Messaging.Core.Conversations;
using Messaging.Data;
using Messaging.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Bench.App;

/// <summary>
/// Creates the bench users (through the app's <see cref="AccountService"/>) and their conversations in the
/// server's database, which must already be migrated. Idempotent: existing users and pairs are reused.
/// </summary>
public static class BenchSeeder
{
    public const string Password = "Bench!Pass1";

    public static string Email(int index, int users) => index < users / 2 ? $"bench-employer-{index}@bench.local" : $"bench-candidate-{index}@bench.local";

    public static async Task<(IReadOnlyList<string> UserIds, IReadOnlyList<BenchConversation> Conversations)> SeedAsync(
        string provider, string connectionString, int users, int conversations, CancellationToken cancellationToken)
    {
        await using var services = BenchServices.Create(provider, connectionString);
        var ids = new string[users];
        for (var i = 0; i < users; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var email = Email(i, users);
            var existing = await userManager.FindByEmailAsync(email);
            if (existing is not null)
            {
                ids[i] = existing.Id;
                continue;
            }

            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var (result, user) = i < users / 2
                ? await accounts.RegisterEmployerAsync(email, Password, $"Bench Employer {i}", "Bench Corp")
                : await accounts.RegisterCandidateAsync(email, Password, $"Bench Candidate {i}", "load generator");
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Creating {email} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }

            ids[i] = user.Id;
        }

        var pairs = Scenario.Pairs(users, conversations);
        var list = new List<BenchConversation>(pairs.Count);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
            var existing = await db.Conversations.AsNoTracking()
                .Where(c => c.JobId == null && ids.Contains(c.EmployerId))
                .Select(c => new { c.Id, c.EmployerId, c.CandidateId })
                .ToListAsync(cancellationToken);
            var byPair = existing.ToDictionary(c => (c.EmployerId, c.CandidateId), c => c.Id);
            var now = DateTime.UtcNow;
            foreach (var (employer, candidate) in pairs)
            {
                if (!byPair.TryGetValue((ids[employer], ids[candidate]), out var id))
                {
                    id = Guid.CreateVersion7();
                    // Straight into the table: ConversationService would apply the per-day limit and publish events nobody hears.
                    db.Conversations.Add(new Conversation { Id = id, EmployerId = ids[employer], CandidateId = ids[candidate], CreatedAt = now, LastActivityAt = now });
                }

                list.Add(new BenchConversation(id, employer, candidate));
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return (ids, list);
    }
}
