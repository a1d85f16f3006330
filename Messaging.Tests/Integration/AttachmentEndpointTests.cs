using System.Net;
using Messaging.Core.Attachments;
using Messaging.Tests.Core.Attachments;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Tests.Integration;

/// <summary>GET /attachments/{id}: participants download the decrypted file; everyone else learns nothing.</summary>
public class AttachmentEndpointTests : AppTestBase
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_participant_downloads_the_file_as_an_attachment_with_nosniff()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var file = await SendPdfAsync(candidate.Id, conversationId, "Lebenslauf März.pdf");
        var cookie = await App.SignInWithCookieAsync(employer);

        var response = await GetAsync($"/attachments/{file.Id}", cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Lebenslauf März.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(FileTypeSnifferTests.Pdf, await response.Content.ReadAsByteArrayAsync(Ct));

        // The inline variant is for images only: a PDF stays a download.
        var inline = await GetAsync($"/attachments/{file.Id}?inline=1", cookie);
        Assert.Equal("attachment", inline.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task An_image_can_be_shown_inline_for_previews()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var sent = await Factory.Services.GetRequiredService<AttachmentService>()
            .SendAsync(employer.Id, conversationId, Guid.NewGuid(), "office.png", new MemoryStream(FileTypeSnifferTests.Png), null, Ct);
        var cookie = await App.SignInWithCookieAsync(candidate);

        var response = await GetAsync($"/attachments/{sent.Value.Attachments[0].Id}?inline=1", cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task An_outsider_gets_404_and_an_anonymous_visitor_is_sent_to_sign_in()
    {
        var (_, candidate, conversationId) = await App.StartConversationAsync();
        var file = await SendPdfAsync(candidate.Id, conversationId, "cv.pdf");
        var outsider = await App.RegisterCandidateAsync();

        var asOutsider = await GetAsync($"/attachments/{file.Id}", await App.SignInWithCookieAsync(outsider));
        var missing = await GetAsync($"/attachments/{Guid.NewGuid()}", await App.SignInWithCookieAsync(candidate));
        var anonymous = await GetAsync($"/attachments/{file.Id}", null);

        Assert.Equal(HttpStatusCode.NotFound, asOutsider.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain("%PDF", await asOutsider.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Account/Login", anonymous.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_program_with_a_bearer_token_gets_the_file_or_a_status_code_never_the_sign_in_page()
    {
        var (employer, candidate, conversationId) = await App.StartConversationAsync();
        var file = await SendPdfAsync(candidate.Id, conversationId, "cv.pdf");
        var outsider = await App.RegisterCandidateAsync();

        var asParticipant = await GetWithTokenAsync($"/attachments/{file.Id}", await App.TokenAsync(employer));
        var asOutsider = await GetWithTokenAsync($"/attachments/{file.Id}", await App.TokenAsync(outsider));
        var withBadToken = await GetWithTokenAsync($"/attachments/{file.Id}", "not-a-token");

        Assert.Equal(HttpStatusCode.OK, asParticipant.StatusCode);
        Assert.Equal(FileTypeSnifferTests.Pdf, await asParticipant.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, asOutsider.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withBadToken.StatusCode);
        Assert.Null(withBadToken.Headers.Location);
    }

    private async Task<HttpResponseMessage> GetWithTokenAsync(string url, string token)
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var response = await client.GetAsync(url, Ct);
        await response.Content.LoadIntoBufferAsync(Ct);
        return response;
    }

    private async Task<AttachmentView> SendPdfAsync(string senderId, Guid conversationId, string name)
    {
        var sent = await Factory.Services.GetRequiredService<AttachmentService>()
            .SendAsync(senderId, conversationId, Guid.NewGuid(), name, new MemoryStream(FileTypeSnifferTests.Pdf), null, Ct);
        Assert.True(sent.IsSuccess, sent.Error?.Message);
        return Assert.Single(sent.Value.Attachments);
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? cookie)
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await client.SendAsync(request, Ct);
        await response.Content.LoadIntoBufferAsync(Ct);
        return response;
    }
}
