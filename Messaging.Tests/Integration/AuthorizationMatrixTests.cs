using System.Net;
using Messaging.Core.Messages;
using Messaging.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>
/// Every way into one conversation, tried by people who must not get in: anonymous, an outsider of the same
/// role, an outsider of the other role. Each is refused, and the conversation's text never appears in an answer.
/// </summary>
public class AuthorizationMatrixTests : AppTestBase
{
    private const string Secret = "The offer is 91k, keep it between us";
    private Guid _conversationId;
    private ApplicationUser _outsiderCandidate = null!;
    private ApplicationUser _outsiderEmployer = null!;

    public override async ValueTask InitializeAsync()
    {
        var (employer, _, conversationId) = await App.StartConversationAsync();
        _conversationId = conversationId;
        await Factory.Services.GetRequiredService<MessageService>().SendAsync(employer.Id, conversationId, Guid.NewGuid(), Secret);
        _outsiderCandidate = await App.RegisterCandidateAsync();
        (_outsiderEmployer, _, _) = await App.StartConversationAsync();
    }

    public static TheoryData<string> Outsiders => ["anonymous", "candidate", "employer"];

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task The_conversation_page_and_the_data_export_show_nothing_of_it(string who)
    {
        var cookie = await CookieAsync(who);
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        foreach (var path in new[] { $"/conversations/{_conversationId}", "/conversations", "/Account/Export" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
            if (cookie is null)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Every_hub_method_refuses_them(string who)
    {
        if (who == "anonymous")
        {
            await using var anonymous = App.Build(token: null);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => anonymous.StartAsync(TestContext.Current.CancellationToken));
            return;
        }

        var token = await App.TokenAsync(who == "candidate" ? _outsiderCandidate : _outsiderEmployer);
        await using var hub = App.Build(token);
        await hub.StartAsync(TestContext.Current.CancellationToken);
        var calls = new (string Method, object?[] Args)[]
        {
            ("SendMessage", [_conversationId, Guid.NewGuid(), "let me in"]),
            ("History", [_conversationId, null, 50]),
            ("Since", [_conversationId, 0L, 50]),
            ("MarkRead", [_conversationId, 1L]),
            ("MarkDelivered", [_conversationId, 1L]),
            ("Typing", [_conversationId, true]),
        };
        foreach (var (method, args) in calls)
        {
            var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeCoreAsync<object?>(method, args, TestContext.Current.CancellationToken));
            Assert.Contains("not a participant", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        }
    }

    private async Task<string?> CookieAsync(string who) => who switch
    {
        "candidate" => await App.SignInWithCookieAsync(_outsiderCandidate),
        "employer" => await App.SignInWithCookieAsync(_outsiderEmployer),
        _ => null,
    };
}
