namespace Messaging.Tests.Infrastructure;

/// <summary>Waits for a condition that becomes true asynchronously (events arrive from inboxes), with a time limit.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what = "the condition", TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            try
            {
                await Task.Delay(10, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Waited {limit ?? TimeSpan.FromSeconds(10)} for {what}.");
            }
        }
    }
}
