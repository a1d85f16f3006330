using System.Collections.Concurrent;
using System.Security.Claims;
using Messaging.Core.Realtime;
using Messaging.Data.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace Messaging.Web.Security;

/// <summary>
/// Revocation on the chat hub: the caller's sign-in (cookie or bearer token) is checked by <see cref="SignInValidator"/>
/// when the connection opens and before every call, and when a user is suspended or deletes the account
/// (<see cref="UserSuspended"/>, published to every instance) this instance closes that user's open connections at once.
/// </summary>
internal sealed class HubSignInFilter : IHubFilter, IDisposable
{
    public const string Revoked = "Your sign-in is no longer valid (the account was suspended, deleted or changed). Sign in again.";

    private readonly SignInValidator _validator;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _connections = new(StringComparer.Ordinal);
    private readonly IDisposable _subscription;

    public HubSignInFilter(SignInValidator validator, IChatEventBus bus)
    {
        _validator = validator;
        _subscription = bus.Subscribe(ChatTopics.Accounts, e =>
        {
            if (e is UserSuspended suspended && _connections.TryGetValue(suspended.UserId, out var open))
            {
                foreach (var connection in open.Values)
                {
                    connection.Abort();
                }
            }

            return Task.CompletedTask;
        });
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var caller = context.Context;
        if (!await _validator.IsValidAsync(caller.User, caller.ConnectionAborted))
        {
            throw new HubException(Revoked);
        }

        if (UserId(caller) is { } userId)
        {
            _connections.GetOrAdd(userId, _ => new(StringComparer.Ordinal))[caller.ConnectionId] = caller;
        }

        await next(context);

        // A suspension that landed between the check and the registration above still closes this connection.
        if (!await _validator.IsValidAsync(caller.User, caller.ConnectionAborted))
        {
            caller.Abort();
        }
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var caller = invocationContext.Context;
        if (!await _validator.IsValidAsync(caller.User, caller.ConnectionAborted))
        {
            caller.Abort();
            throw new HubException(Revoked);
        }

        return await next(invocationContext);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        var caller = context.Context;
        if (UserId(caller) is { } userId && _connections.TryGetValue(userId, out var open))
        {
            open.TryRemove(caller.ConnectionId, out _);
            if (open.IsEmpty)
            {
                // Another connection may have joined since; it re-adds its own entry if this removed a fresh one.
                _connections.TryRemove(KeyValuePair.Create(userId, open));
            }
        }

        return next(context, exception);
    }

    public void Dispose() => _subscription.Dispose();

    private static string? UserId(HubCallerContext caller) => caller.User?.FindFirstValue(ClaimTypes.NameIdentifier);
}
