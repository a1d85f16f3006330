using System.Net;

namespace Messaging.Tests.Integration;

/// <summary>The sign-in form's return URL: a path of this app is followed, anything else leads home.</summary>
public class SignInRedirectTests : AppTestBase
{
    [Theory]
    [InlineData("http://evil.example/")]
    [InlineData("https://evil.example/conversations")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task An_external_return_url_leads_to_the_home_page_after_sign_in(string returnUrl)
    {
        var user = await App.RegisterCandidateAsync();

        var response = await App.SignInAsync(user, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(Factory.Server.BaseAddress, response.Headers.Location!);
        Assert.Equal(Factory.Server.BaseAddress.Authority, location.Authority);
        Assert.Equal("/", location.AbsolutePath);
    }

    [Theory]
    [InlineData("/conversations?filter=unread", "/conversations?filter=unread")]
    [InlineData("/admin", "/admin")]
    public async Task A_return_url_of_this_app_is_followed(string returnUrl, string expected)
    {
        var user = await App.RegisterCandidateAsync();

        var response = await App.SignInAsync(user, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, new Uri(Factory.Server.BaseAddress, response.Headers.Location!).PathAndQuery);
    }
}
