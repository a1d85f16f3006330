using System.Text.RegularExpressions;

namespace Messaging.E2E.Infrastructure;

/// <summary>Signs people up through the real registration page, each in their own browser context.</summary>
public static class Users
{
    public const string Password = "Str0ng!Pass";

    public static async Task<IPage> NewCandidateAsync(this E2EFixture fixture, string name, string? baseUrl = null) =>
        (await fixture.RegisterCandidateAsync(name, baseUrl)).Page;

    /// <summary>Registers a candidate and returns the signed-in page and the account's e-mail (the password is <see cref="Password"/>).</summary>
    public static async Task<(IPage Page, string Email)> RegisterCandidateAsync(this E2EFixture fixture, string name, string? baseUrl = null)
    {
        var page = await fixture.NewUserPageAsync(baseUrl);
        var email = Email(name);
        await page.GotoAsync("/Account/Register");
        await FillAsync(page, name, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create candidate account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/conversations$"));
        return (page, email);
    }

    public static async Task<IPage> NewEmployerAsync(this E2EFixture fixture, string name, string company, string? baseUrl = null) =>
        (await fixture.RegisterEmployerAsync(name, company, baseUrl)).Page;

    /// <summary>Registers an employer and returns the signed-in page and the account's e-mail.</summary>
    public static async Task<(IPage Page, string Email)> RegisterEmployerAsync(this E2EFixture fixture, string name, string company, string? baseUrl = null)
    {
        var page = await fixture.NewUserPageAsync(baseUrl);
        var email = Email(name);
        await page.GotoAsync("/Account/Register?as=employer");
        await FillAsync(page, name, email);
        await page.GetByLabel("Company").FillAsync(company);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create employer account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/conversations$"));
        return (page, email);
    }

    /// <summary>Waits until any app page is interactive on its circuit (prerendered inputs would lose what is typed).</summary>
    public static async Task WaitForInteractiveAsync(this IPage page) =>
        await Expect(page.Locator(".mud-layout[data-interactive=true]")).ToHaveCountAsync(1);

    /// <summary>Waits until the page is interactive on its circuit, so clicks reach their handlers.</summary>
    public static async Task WaitForCircuitAsync(this IPage page) =>
        await Expect(page.Locator(".conversations[data-interactive=true]")).ToHaveCountAsync(1);

    private static string Email(string name) => $"{name.Replace(' ', '.').ToLowerInvariant()}.{Guid.NewGuid():N}@example.com";

    private static async Task FillAsync(IPage page, string name, string email)
    {
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
    }
}
