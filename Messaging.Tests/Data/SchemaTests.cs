using Messaging.Core.Accounts;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Data;
using Messaging.Data.Accounts;
using Messaging.Data.Seeding;
using Messaging.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Data;

/// <summary>The migrated schema on the real providers: accounts, constraints, the list query and the seed.</summary>
public class SchemaTests
{
    public static TheoryData<TestProvider> Providers => [TestProvider.Sqlite, TestProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Registering_creates_the_user_with_role_and_profile(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var scope = database.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        var (candidateResult, candidate) = await accounts.RegisterCandidateAsync("dana@example.com", "Str0ng!Pass", "Dana Kim", " .NET developer ");
        var (employerResult, employer) = await accounts.RegisterEmployerAsync("hr@example.com", "Str0ng!Pass", "Alice Martin", "Acme");

        Assert.True(candidateResult.Succeeded);
        Assert.True(employerResult.Succeeded);
        Assert.True(await users.IsInRoleAsync(candidate, Roles.Candidate));
        Assert.True(await users.IsInRoleAsync(employer, Roles.Employer));
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        var profile = await db.CandidateProfiles.SingleAsync(p => p.UserId == candidate.Id);
        Assert.Equal(".NET developer", profile.Headline);
        Assert.Equal("Acme", (await db.EmployerProfiles.SingleAsync(p => p.UserId == employer.Id)).CompanyName);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Registering_a_taken_email_fails_and_creates_no_second_profile(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var scope = database.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        await accounts.RegisterCandidateAsync("dana@example.com", "Str0ng!Pass", "Dana Kim", null);

        var (result, _) = await accounts.RegisterEmployerAsync("DANA@example.com", "Str0ng!Pass", "Other", "Acme");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code is "DuplicateEmail" or "DuplicateUserName");
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        Assert.Equal(0, await db.EmployerProfiles.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_pair_has_one_general_conversation_and_one_per_job(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (candidateId, employerId) = await CreatePairAsync(database);
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        var job = new Messaging.Core.Jobs.Job { Id = Guid.NewGuid(), EmployerId = employerId, Title = "Developer" };
        db.Jobs.Add(job);
        db.Conversations.Add(NewConversation(candidateId, employerId, null));
        db.Conversations.Add(NewConversation(candidateId, employerId, job.Id));
        await db.SaveChangesAsync();

        db.ChangeTracker.Clear();
        db.Conversations.Add(NewConversation(candidateId, employerId, null));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        db.ChangeTracker.Clear();
        db.Conversations.Add(NewConversation(candidateId, employerId, job.Id));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_client_message_id_is_unique_per_sender_and_a_sequence_per_conversation(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (candidateId, employerId) = await CreatePairAsync(database);
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        var conversation = NewConversation(candidateId, employerId, null);
        db.Conversations.Add(conversation);
        var clientId = Guid.NewGuid();
        db.Messages.Add(NewMessage(conversation.Id, 1, candidateId, clientId));
        db.Messages.Add(NewMessage(conversation.Id, 2, employerId, clientId)); // another sender may reuse the id
        await db.SaveChangesAsync();

        db.ChangeTracker.Clear();
        db.Messages.Add(NewMessage(conversation.Id, 3, candidateId, clientId));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        db.ChangeTracker.Clear();
        db.Messages.Add(NewMessage(conversation.Id, 2, candidateId, Guid.NewGuid()));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_conversation_list_shows_the_other_side_the_last_message_and_unread_count(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (candidateId, employerId) = await CreatePairAsync(database);
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        var conversation = NewConversation(candidateId, employerId, null);
        conversation.LastSequence = 3;
        conversation.CandidateReadSequence = 1;
        conversation.EmployerReadSequence = 3;
        db.Conversations.Add(conversation);
        db.Messages.Add(NewMessage(conversation.Id, 1, candidateId, Guid.NewGuid(), "Hello"));
        db.Messages.Add(NewMessage(conversation.Id, 2, employerId, Guid.NewGuid(), "Hi Dana"));
        db.Messages.Add(NewMessage(conversation.Id, 3, employerId, Guid.NewGuid(), "Are you free\non Thursday?"));
        await db.SaveChangesAsync();
        var queries = scope.ServiceProvider.GetRequiredService<ConversationQueries>();

        var candidateView = Assert.Single(await queries.ListAsync(candidateId, ConversationFilter.All));
        var employerView = Assert.Single(await queries.ListAsync(employerId, ConversationFilter.All));

        Assert.Equal("Alice Martin", candidateView.OtherName);
        Assert.Equal("Acme Robotics", candidateView.OtherDetail);
        Assert.Equal("Are you free on Thursday?", candidateView.LastMessagePreview);
        Assert.Equal(2, candidateView.UnreadCount);
        Assert.Equal("Dana Kim", employerView.OtherName);
        Assert.Equal(0, employerView.UnreadCount);
        Assert.Single(await queries.ListAsync(candidateId, new ConversationFilter(Search: "acme")));
        Assert.Empty(await queries.ListAsync(candidateId, new ConversationFilter(Search: "globex")));
        Assert.Single(await queries.ListAsync(candidateId, new ConversationFilter(UnreadOnly: true)));
        Assert.Empty(await queries.ListAsync(employerId, new ConversationFilter(UnreadOnly: true)));
        Assert.Empty(await queries.ListAsync(candidateId, new ConversationFilter(Archived: true)));
        Assert.Empty(await queries.ListAsync("someone-else", ConversationFilter.All));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_demo_seed_creates_the_documented_accounts_once(TestProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var scope = database.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }

        await using (var scope = database.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
            var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.Equal(3, await db.EmployerProfiles.CountAsync());
            Assert.Equal(5, await db.CandidateProfiles.CountAsync());
            Assert.Equal(5, await db.Jobs.CountAsync());
            Assert.Equal(5, await db.Conversations.CountAsync());
            Assert.Single(await users.GetUsersInRoleAsync(Roles.Admin));
            var dana = await users.FindByEmailAsync("dana@candidate.demo");
            Assert.NotNull(dana);
            Assert.True(await users.CheckPasswordAsync(dana, DemoSeeder.Password));

            // Sequences in every seeded conversation are 1..n without gaps, matching LastSequence.
            foreach (var conversation in await db.Conversations.Include(c => c.Messages).ToListAsync())
            {
                Assert.Equal(Enumerable.Range(1, conversation.Messages.Count).Select(i => (long)i), conversation.Messages.Select(m => m.Sequence).Order());
                Assert.Equal(conversation.Messages.Count, conversation.LastSequence);
            }
        }
    }

    private static async Task<(string CandidateId, string EmployerId)> CreatePairAsync(TestDatabase database)
    {
        await using var scope = database.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var (_, candidate) = await accounts.RegisterCandidateAsync("dana@example.com", "Str0ng!Pass", "Dana Kim", ".NET developer");
        var (_, employer) = await accounts.RegisterEmployerAsync("alice@example.com", "Str0ng!Pass", "Alice Martin", "Acme Robotics");
        return (candidate.Id, employer.Id);
    }

    private static Conversation NewConversation(string candidateId, string employerId, Guid? jobId) => new()
    {
        Id = Guid.NewGuid(),
        CandidateId = candidateId,
        EmployerId = employerId,
        JobId = jobId,
        CreatedAt = DateTime.UtcNow,
        LastActivityAt = DateTime.UtcNow,
    };

    private static Message NewMessage(Guid conversationId, long sequence, string senderId, Guid clientId, string body = "text")
    {
        var message = new Message
        {
            Id = Guid.NewGuid(),
            ConversationId = conversationId,
            Sequence = sequence,
            SenderId = senderId,
            ClientMessageId = clientId,
            CreatedAt = DateTime.UtcNow,
        };
        TestKeys.Cipher().Seal(message, body, null);
        return message;
    }
}
