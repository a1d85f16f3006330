using System.Net;
using System.Net.Http.Json;
using Messaging.Core.Admin;
using Messaging.Core.Messages;
using Messaging.Core.Moderation;
using Messaging.Core.Realtime;
using Messaging.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>The moderation console is for admins only, and its actions reach the participants.</summary>
public class AdminAccessTests : AppTestBase
{
    private const string AdminEmail = "root@example.com";
    private static readonly string[] AdminPages = ["/admin", "/admin/flags", "/admin/rules", "/admin/audit", $"/admin/flags/{Guid.NewGuid()}"];

    public override ValueTask InitializeAsync()
    {
        Factory.Settings["Admin:Email"] = AdminEmail;
        Factory.Settings["Admin:Password"] = HubTestApp.Password;
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_every_admin_page()
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var page in AdminPages)
        {
            var response = await client.GetAsync(page, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Candidates_and_employers_are_refused_on_every_admin_page()
    {
        var (employer, candidate, _) = await App.StartConversationAsync();
        foreach (var user in new[] { candidate, employer })
        {
            var cookie = await App.SignInWithCookieAsync(user);
            using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            foreach (var page in AdminPages)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, page);
                request.Headers.Add("Cookie", cookie);
                var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{page} gave {response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }

    [Fact]
    public async Task The_admin_opens_every_admin_page()
    {
        var admin = await UserAsync(AdminEmail);
        var cookie = await App.SignInWithCookieAsync(admin);
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        foreach (var page in AdminPages.Take(4))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Add("Cookie", cookie);
            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Admin_actions_are_refused_to_non_admins_and_nothing_changes()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var sent = await Factory.Services.GetRequiredService<MessageService>().SendAsync(employer.Id, conversationId, Guid.NewGuid(), "hello");
        var flagId = (await Factory.Services.GetRequiredService<ReportService>().ReportAsync(candidate.Id, conversationId, sent.Value.Id, FlagReason.Spam, null, false)).Value;
        var admin = Factory.Services.GetRequiredService<ModerationAdminService>();

        Assert.Equal(Messaging.Core.Common.ErrorCode.Forbidden, (await admin.ReviewAsync(candidate.Id, flagId)).Error!.Code);
        Assert.Equal(Messaging.Core.Common.ErrorCode.Forbidden, (await admin.RemoveMessageAsync(candidate.Id, flagId, "because")).Error!.Code);
        Assert.Equal(Messaging.Core.Common.ErrorCode.Forbidden, (await admin.BlockConversationAsync(employer.Id, flagId, "because")).Error!.Code);
        Assert.Equal(Messaging.Core.Common.ErrorCode.Forbidden, (await admin.SetSuspendedAsync(candidate.Id, employer.Id, true, "because")).Error!.Code);
        Assert.Equal(Messaging.Core.Common.ErrorCode.Forbidden, (await admin.DismissAsync(employer.Id, flagId, "because")).Error!.Code);

        var page = await Factory.Services.GetRequiredService<FlagQueue>().GetAsync(new FlagQueueQuery());
        Assert.Equal(FlagStatus.Open, Assert.Single(page.Items, i => i.Id == flagId).Status);
        var history = await Factory.Services.GetRequiredService<MessageQueries>().HistoryAsync(candidate.Id, conversationId, null, 10);
        Assert.False(Assert.Single(history.Value).IsRemoved);
    }

    [Fact]
    public async Task A_report_reaches_the_queue_and_removing_the_message_reaches_both_participants_and_the_audit_log()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var sent = await Factory.Services.GetRequiredService<MessageService>().SendAsync(employer.Id, conversationId, Guid.NewGuid(), "Send me your bank details");
        var updates = new TaskCompletionSource<MessageUpdated>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Factory.Services.GetRequiredService<IChatEventBus>().Subscribe(ChatTopics.User(candidate.Id), e =>
        {
            if (e is MessageUpdated updated)
            {
                updates.TrySetResult(updated);
            }

            return Task.CompletedTask;
        });

        var report = await Factory.Services.GetRequiredService<ReportService>().ReportAsync(candidate.Id, conversationId, sent.Value.Id, FlagReason.Scam, "asks for bank details", false);
        var queue = await Factory.Services.GetRequiredService<FlagQueue>().GetAsync(new FlagQueueQuery(Reason: FlagReason.Scam));
        var item = Assert.Single(queue.Items, i => i.Id == report.Value);
        Assert.Equal(FlagSource.UserReport, item.Source);
        Assert.Equal("Send me your bank details", item.MessagePreview);

        var admin = await UserAsync(AdminEmail);
        var service = Factory.Services.GetRequiredService<ModerationAdminService>();
        var review = await service.ReviewAsync(admin.Id, report.Value);
        Assert.Contains(review.Value.Messages, m => m.Message.Id == sent.Value.Id);
        Assert.True((await service.RemoveMessageAsync(admin.Id, report.Value, "Scam attempt")).IsSuccess);

        var removed = await updates.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(removed.Message.IsRemoved);
        Assert.Null(removed.Message.Body);
        var employerHistory = await Factory.Services.GetRequiredService<MessageQueries>().HistoryAsync(employer.Id, conversationId, null, 10);
        Assert.True(Assert.Single(employerHistory.Value).IsRemoved);
        var trail = await service.AuditTrailAsync(admin.Id, 10);
        Assert.Contains(trail.Value, a => a.Action == Messaging.Core.Audit.AuditLog.ConversationRead && a.ActorId == admin.Id && a.TargetId == conversationId.ToString());
        Assert.Contains(trail.Value, a => a.Action == Messaging.Core.Audit.AuditLog.MessageRemoved && a.Reason == "Scam attempt");
        Assert.Equal(FlagStatus.ActionTaken, (await Factory.Services.GetRequiredService<FlagQueue>().GetAsync(new FlagQueueQuery(Status: null))).Items.Single(i => i.Id == report.Value).Status);
    }

    [Fact]
    public async Task A_suspended_user_cannot_send_or_get_a_token()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var admin = await UserAsync(AdminEmail);
        var suspended = await Factory.Services.GetRequiredService<ModerationAdminService>().SetSuspendedAsync(admin.Id, employer.Id, true, "Spamming candidates");
        Assert.True(suspended.IsSuccess);

        var send = await Factory.Services.GetRequiredService<MessageService>().SendAsync(employer.Id, conversationId, Guid.NewGuid(), "still here?");
        Assert.Contains("suspended", send.Error!.Message, StringComparison.OrdinalIgnoreCase);
        using var client = Factory.CreateClient();
        var token = await client.PostAsJsonAsync("/api/auth/token", new { email = employer.Email, password = HubTestApp.Password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        Assert.Empty((await Factory.Services.GetRequiredService<MessageQueries>().HistoryAsync(candidate.Id, conversationId, null, 10)).Value);
    }

    private async Task<ApplicationUser> UserAsync(string email)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
    }
}
