using System.Text.RegularExpressions;
using Messaging.E2E.Infrastructure;

namespace Messaging.E2E;

/// <summary>Registration, sign-in, sign-out and lockout in Chromium, as a new user does them.</summary>
public class AccountTests(E2EFixture fixture) : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await fixture.CapturePagesAsync(TestContext.Current.Test?.TestDisplayName ?? "test");

    private const string Password = "Str0ng!Pass";

    [Fact]
    public async Task A_new_candidate_registers_sees_the_empty_list_signs_out_and_signs_in_again()
    {
        var page = await fixture.NewUserPageAsync();
        var email = $"new-{Guid.NewGuid():N}@example.com";

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "I'm looking for a job" })).ToHaveAttributeAsync("href", "Account/Register");
        await page.GotoAsync("/Account/Register");
        await FillRegistrationAsync(page, "Nora Candidate", email, Password);
        await page.GetByLabel("Headline (optional)").FillAsync("Backend developer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create candidate account" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/conversations$"));
        await Expect(page.GetByTestId("conversations-empty")).ToContainTextAsync("No conversations yet");
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Nora Candidate");
        await Expect(page.GetByTestId("signed-in-user")).ToHaveAttributeAsync("title", email);
        await page.ScreenshotAsync(new() { Path = Path.Combine(E2EFixture.ScreenshotFolder, "conversations-empty.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).First).ToBeVisibleAsync();
        await page.GotoAsync("/conversations");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));

        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/conversations$"));
        await Expect(page.GetByTestId("conversations-empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_employer_without_a_company_is_told_so_and_keeps_what_was_typed()
    {
        var page = await fixture.NewUserPageAsync();
        await page.GotoAsync("/Account/Register?as=employer");
        await FillRegistrationAsync(page, "Rita Recruiter", $"rita-{Guid.NewGuid():N}@example.com", Password);

        await page.GetByRole(AriaRole.Button, new() { Name = "Create employer account" }).ClickAsync();

        await Expect(FieldError(page, "company")).ToContainTextAsync("Enter the company you hire for.");
        await Expect(page.GetByLabel("Your name")).ToHaveValueAsync("Rita Recruiter");
        await Expect(page.GetByLabel("E-mail")).ToHaveValueAsync(new Regex("^rita-"));
    }

    [Fact]
    public async Task A_taken_email_and_a_weak_password_are_explained_next_to_their_fields()
    {
        var page = await fixture.NewUserPageAsync();
        await page.GotoAsync("/Account/Register");
        await FillRegistrationAsync(page, "Copy Cat", "dana@candidate.demo", Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create candidate account" }).ClickAsync();

        await Expect(FieldError(page, "email")).ToContainTextAsync("already exists");
        await Expect(page.GetByLabel("Your name")).ToHaveValueAsync("Copy Cat");
        await Expect(page.GetByLabel("E-mail")).ToHaveValueAsync("dana@candidate.demo");

        await FillRegistrationAsync(page, "Copy Cat", $"weak-{Guid.NewGuid():N}@example.com", "alllowercase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create candidate account" }).ClickAsync();

        await Expect(FieldError(page, "password")).ToContainTextAsync("uppercase");
        await Expect(page.GetByLabel("Your name")).ToHaveValueAsync("Copy Cat");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var page = await fixture.NewUserPageAsync();
        var email = $"lock-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync("/Account/Register");
        await FillRegistrationAsync(page, "Lou Locked", email, Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create candidate account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/conversations$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).First).ToBeVisibleAsync();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await page.GotoAsync("/Account/Login");
            await page.GetByLabel("E-mail").FillAsync(email);
            await page.GetByLabel("Password").FillAsync("Wrong!Pass1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            if (attempt < 5)
            {
                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("e-mail or password is not right");
            }
        }

        await Expect(page).ToHaveURLAsync(new Regex("/Account/Lockout$"));
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Lockout$"));
    }

    private static async Task FillRegistrationAsync(IPage page, string name, string email, string password)
    {
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
    }

    private static ILocator FieldError(IPage page, string inputId) =>
        page.Locator($".form-field:has(#{inputId})");
}
