using Messaging.Data;
using Messaging.Data.Accounts;
using Messaging.Data.Seeding;
using Messaging.Web.Components.Account;
using Messaging.Web.Realtime;
using Messaging.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Messaging.Web.Infrastructure;

internal static class IdentityServiceCollectionExtensions
{
    /// <summary>ASP.NET Core Identity with cookies, bearer tokens, roles and lockout, stored in <see cref="MessagingDbContext"/>.</summary>
    public static IServiceCollection AddMessagingIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            });
        authentication.AddIdentityCookies();

        // Programs (hub clients, the load generator) sign in through POST /api/auth/token and send the token as
        // "Authorization: Bearer". Browsers cannot set headers on WebSockets or EventSource, so hub requests may
        // carry it in the access_token query string instead.
        authentication.AddBearerToken(IdentityConstants.BearerScheme, options =>
        {
            options.Events.OnMessageReceived = context =>
            {
                var token = context.Request.Query["access_token"].ToString();
                if (token.Length > 0 && context.Request.Path.StartsWithSegments(ChatHub.PathPrefix))
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            };
        });

        authentication.AddCookieOrBearer();

        // Suspension and account deletion change the security stamp; cookies are re-checked every minute, so a
        // stale cookie stops working quickly even for pages opened without a live circuit.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "messaging.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);

            // After Identity's periodic stamp check, ours on every request (cached, dropped by a suspension on every
            // instance): a suspended, deleted or re-stamped account's cookie is signed out at once, to the sign-in page.
            var validate = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = async context =>
            {
                await validate(context);
                if (context.Principal is { } principal
                    && !await context.HttpContext.RequestServices.GetRequiredService<SignInValidator>().IsValidAsync(principal, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
            };

            // Programs (the hub, /api) get status codes, not a redirect to the sign-in page.
            var toLogin = options.Events.OnRedirectToLogin;
            var toAccessDenied = options.Events.OnRedirectToAccessDenied;
            options.Events.OnRedirectToLogin = context => IsApi(context.Request) ? Status(context, StatusCodes.Status401Unauthorized) : toLogin(context);
            options.Events.OnRedirectToAccessDenied = context => IsApi(context.Request) ? Status(context, StatusCodes.Status403Forbidden) : toAccessDenied(context);
        });

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.Password.RequiredLength = 8;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MessagingDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<MessagingClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthorization();
        services.AddScoped<AccountService>();
        services.AddScoped<PersonalDataService>();
        services.AddScoped<DemoSeeder>();
        return services;
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments(ChatHub.PathPrefix) || request.Path.StartsWithSegments(AccountEndpoints.ApiPrefix);

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    }
}
