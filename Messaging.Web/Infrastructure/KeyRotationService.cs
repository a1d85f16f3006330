using Messaging.Core.Encryption;
using Microsoft.Extensions.Options;

namespace Messaging.Web.Infrastructure;

/// <summary>
/// Re-encrypts messages that are not on the active key, in batches, once per start. Resumable by design: after a
/// restart it simply continues with the rows still on an old key.
/// </summary>
internal sealed class KeyRotationService(MessageKeyRotation rotation, IOptions<EncryptionOptions> options, ILogger<KeyRotationService> logger) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RotateOnStartup)
        {
            return;
        }

        try
        {
            await rotation.RotateAllAsync(options.Value.RotationBatchSize, Pause, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the next start carries on.
        }
        catch (Exception ex)
        {
            // An outage (database down) must not take the app with it; the next start retries.
            logger.LogError(ex, "Key rotation stopped; it resumes at the next start");
        }
    }
}
