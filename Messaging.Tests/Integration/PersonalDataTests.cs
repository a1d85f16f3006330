using System.Net;
using System.Text.Json;
using Messaging.Core.Conversations;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Data;
using Messaging.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>GDPR: the data download and account deletion by anonymisation.</summary>
public class PersonalDataTests : AppTestBase
{

    [Fact]
    public async Task A_user_downloads_their_profile_conversations_messages_and_reports_as_json()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var messages = Factory.Services.GetRequiredService<MessageService>();
        await messages.SendAsync(candidate.Id, conversationId, Guid.NewGuid(), "I am available on Thursday");
        var theirs = await messages.SendAsync(employer.Id, conversationId, Guid.NewGuid(), "Pay a fee first");
        await Factory.Services.GetRequiredService<ReportService>().ReportAsync(candidate.Id, conversationId, theirs.Value.Id, FlagReason.Scam, "fee", false);
        var cookie = await App.SignInWithCookieAsync(candidate);
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Export");
        request.Headers.Add("Cookie", cookie);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = json.RootElement;
        Assert.Equal(candidate.Email, root.GetProperty("account").GetProperty("email").GetString());
        Assert.Equal("Cara Candidate", root.GetProperty("candidateProfile").GetProperty("displayName").GetString());
        var conversation = Assert.Single(root.GetProperty("conversations").EnumerateArray());
        Assert.Equal("Erin Employer", conversation.GetProperty("with").GetString());
        var mine = Assert.Single(conversation.GetProperty("myMessages").EnumerateArray());
        Assert.Equal("I am available on Thursday", mine.GetProperty("text").GetString());
        Assert.Equal("Scam", Assert.Single(root.GetProperty("reportsFiled").EnumerateArray()).GetProperty("reason").GetString());
        Assert.DoesNotContain("Pay a fee first", root.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_needs_a_signed_in_user()
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/Account/Export", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Deleting_an_account_anonymises_the_user_and_erases_their_message_bodies_but_keeps_the_conversation()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var messages = Factory.Services.GetRequiredService<MessageService>();
        await messages.SendAsync(candidate.Id, conversationId, Guid.NewGuid(), "My personal story");
        await messages.SendAsync(employer.Id, conversationId, Guid.NewGuid(), "Thanks for sharing");

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<PersonalDataService>().DeleteAccountAsync(candidate.Id));
        }

        var employerView = Assert.Single(await Factory.Services.GetRequiredService<ConversationQueries>().ListAsync(employer.Id, ConversationFilter.All));
        Assert.Equal(PersonalDataService.DeletedName, employerView.OtherName);
        Assert.Equal(ConversationStatus.Blocked, employerView.Status);
        var history = (await Factory.Services.GetRequiredService<MessageQueries>().HistoryAsync(employer.Id, conversationId, null, 10)).Value;
        Assert.True(history[0].IsDeleted);
        Assert.Null(history[0].Body);
        Assert.Equal("Thanks for sharing", history[1].Body);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
            var theirs = db.Messages.Where(m => m.SenderId == candidate.Id).ToList();
            Assert.All(theirs, m => Assert.Null(m.BodyCiphertext));
            Assert.All(theirs, m => Assert.NotNull(m.DeletedAt));
            Assert.All(theirs, m => Assert.Empty(m.SearchFilter!));
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.Null(await users.FindByEmailAsync(candidate.Email!));
            Assert.Contains(db.AuditEntries.ToList(), a => a.Action == "user.deleted" && a.TargetId == candidate.Id);
        }
    }
}
