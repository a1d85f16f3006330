using Microsoft.AspNetCore.SignalR.Client;

namespace Messaging.Bench.Load;

/// <summary>A user of the run: one hub connection each.</summary>
public sealed record BenchUser(string Id, string Token);

/// <summary>A one-to-one conversation between two users (indexes into <see cref="Scenario.Users"/>).</summary>
public sealed record BenchConversation(Guid Id, int Employer, int Candidate);

public sealed record Scenario(IReadOnlyList<BenchUser> Users, IReadOnlyList<BenchConversation> Conversations)
{
    /// <summary>
    /// Users 0..E-1 are employers, E..N-1 candidates; conversation k pairs employer k mod E with candidate
    /// (k mod E + k div E) mod C, so pairs never repeat and every user gets a fair share of conversations.
    /// </summary>
    public static IReadOnlyList<(int Employer, int Candidate)> Pairs(int users, int conversations)
    {
        var employers = users / 2;
        var candidates = users - employers;
        return Enumerable.Range(0, conversations)
            .Select(k => (k % employers, employers + ((k % employers) + (k / employers)) % candidates))
            .ToList();
    }
}

/// <summary>What the generator runs against: the real app or the bare SignalR baseline.</summary>
public interface ILoadTarget : IAsyncDisposable
{
    string Name { get; }

    Uri HubUrl { get; }

    /// <summary>The server process, for RSS and CPU; null when unknown.</summary>
    int? ServerPid { get; }

    Task<Scenario> PrepareAsync(LoadOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Makes sure the connection receives its conversations' events before the run starts (the real app joins the
    /// user's group in OnConnectedAsync, which has run once any invocation returns; the bare hub joins explicitly).
    /// </summary>
    Task JoinAsync(HubConnection hub, IReadOnlyList<Guid> conversations, CancellationToken cancellationToken);
}
