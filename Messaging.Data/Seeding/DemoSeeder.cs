using Messaging.Core.Conversations;
using Messaging.Core.Encryption;
using Messaging.Core.Jobs;
using Messaging.Core.Messages;
using Messaging.Data.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Messaging.Data.Seeding;

/// <summary>
/// Demo data for Development and <c>--seed-demo</c>: three employers with jobs, five candidates,
/// conversations with history and one admin. Idempotent: it does nothing once the demo admin exists.
/// </summary>
public sealed class DemoSeeder(MessagingDbContext db, AccountService accounts, MessageCipher cipher, BlindIndex blindIndex, TimeProvider time, ILogger<DemoSeeder> logger)
{
    public const string Password = "Demo!Pass1";
    public const string AdminEmail = "admin@demo.local";

    private static readonly (string Email, string Name, string Company, string[] Jobs)[] Employers =
    [
        ("hr@acme.demo", "Alice Martin", "Acme Robotics", ["Senior C# Developer", "QA Engineer"]),
        ("talent@globex.demo", "Bruno Costa", "Globex", ["Data Engineer"]),
        ("jobs@initech.demo", "Chloé Dubois", "Initech", ["Frontend Developer (Blazor)", "DevOps Engineer"]),
    ];

    private static readonly (string Email, string Name, string Headline)[] Candidates =
    [
        ("dana@candidate.demo", "Dana Kim", ".NET developer, 6 years"),
        ("eli@candidate.demo", "Eli Novak", "Data engineer, Python and SQL"),
        ("fatima@candidate.demo", "Fatima Zahra", "Frontend developer, Blazor and React"),
        ("gus@candidate.demo", "Gus Oliveira", "QA automation with Playwright"),
        ("hana@candidate.demo", "Hana Sato", "Junior DevOps, Kubernetes"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await accounts.EnsureRolesAsync();
        if (await db.Users.AnyAsync(u => u.Email == AdminEmail, cancellationToken))
        {
            return;
        }

        await accounts.EnsureAdminAsync(AdminEmail, Password, "Ada Admin");

        var now = time.GetUtcNow().UtcDateTime;
        var jobs = new List<Job>();
        var employerIds = new List<string>();
        foreach (var (email, name, company, titles) in Employers)
        {
            var user = await accounts.EnsureAsync(() => accounts.RegisterEmployerAsync(email, Password, name, company), email);
            employerIds.Add(user.Id);
            jobs.AddRange(titles.Select(t => new Job { Id = Guid.CreateVersion7(), EmployerId = user.Id, Title = t, Location = "Remote", CreatedAt = now.AddDays(-20) }));
        }

        db.Jobs.AddRange(jobs);

        var candidateIds = new List<string>();
        foreach (var (email, name, headline) in Candidates)
        {
            candidateIds.Add((await accounts.EnsureAsync(() => accounts.RegisterCandidateAsync(email, Password, name, headline), email)).Id);
        }

        // Dana talks to Acme about the C# role and to Initech; Eli to Globex; Fatima to Initech;
        // Gus to Acme about QA. Hana has no conversation yet (an empty list to show).
        AddConversation(candidateIds[0], employerIds[0], jobs[0], now.AddHours(-30),
        [
            (false, "Hi Dana, we loved your profile. Would you be open to a Senior C# Developer role at Acme?"),
            (true, "Hello Alice, thanks for reaching out! Yes, I'd like to hear more."),
            (false, "Great. The team builds robot fleet software in .NET 10. Salary range is 70-85k."),
            (true, "Sounds interesting. Is it fully remote?"),
            (false, "Remote with one week a quarter on site. Could we talk on Thursday at 10:00?"),
        ], candidateRead: 4, employerRead: 4);
        AddConversation(candidateIds[0], employerIds[2], null, now.AddHours(-5),
        [
            (false, "Hi Dana, a general question: would you consider Blazor front-end work?"),
        ], candidateRead: 0, employerRead: 1);
        AddConversation(candidateIds[1], employerIds[1], jobs[2], now.AddHours(-50),
        [
            (true, "Hello, I applied for the Data Engineer position last week."),
            (false, "Thanks Eli, we are reviewing applications and will get back to you by Friday."),
            (true, "Perfect, thank you!"),
        ], candidateRead: 3, employerRead: 3);
        AddConversation(candidateIds[2], employerIds[2], jobs[3], now.AddHours(-2),
        [
            (false, "Hi Fatima, your Blazor portfolio is impressive."),
            (true, "Thank you! I'd love to know more about the team."),
        ], candidateRead: 2, employerRead: 1);
        AddConversation(candidateIds[3], employerIds[0], jobs[1], now.AddDays(-3),
        [
            (true, "Hi, is the QA Engineer role still open?"),
            (false, "It is! Do you have experience with Playwright?"),
            (true, "Yes, 4 years of Playwright and Selenium."),
        ], candidateRead: 3, employerRead: 2);

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo data seeded: {Employers} employers, {Candidates} candidates", Employers.Length, Candidates.Length);
    }

    private void AddConversation(string candidateId, string employerId, Job? job, DateTime start,
        (bool FromCandidate, string Text)[] history, long candidateRead, long employerRead)
    {
        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(),
            CandidateId = candidateId,
            EmployerId = employerId,
            JobId = job?.Id,
            Subject = job?.Title,
            CreatedAt = start,
            LastSequence = history.Length,
            CandidateReadSequence = candidateRead,
            EmployerReadSequence = employerRead,
            CandidateDeliveredSequence = history.Length,
            EmployerDeliveredSequence = history.Length,
            LastActivityAt = start.AddMinutes(7 * (history.Length - 1)),
        };
        for (var i = 0; i < history.Length; i++)
        {
            var message = new Message
            {
                Id = Guid.CreateVersion7(),
                ConversationId = conversation.Id,
                Sequence = i + 1,
                SenderId = history[i].FromCandidate ? candidateId : employerId,
                ClientMessageId = Guid.NewGuid(),
                Type = MessageType.Text,
                CreatedAt = start.AddMinutes(7 * i),
                SearchFilter = blindIndex.Filter(conversation.Id, history[i].Text),
            };
            cipher.Seal(message, history[i].Text, null);
            conversation.Messages.Add(message);
        }

        db.Conversations.Add(conversation);
    }
}
