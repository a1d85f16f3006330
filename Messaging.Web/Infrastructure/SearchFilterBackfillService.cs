using Messaging.Core.Messages;

namespace Messaging.Web.Infrastructure;

/// <summary>Fills in the search filters of messages stored before messages had one, in batches, once per start (see <see cref="SearchFilterBackfill"/>).</summary>
internal sealed class SearchFilterBackfillService(SearchFilterBackfill backfill, ILogger<SearchFilterBackfillService> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await backfill.FillAllAsync(BatchSize, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the next start carries on.
        }
        catch (Exception ex)
        {
            // An outage (database down) must not take the app with it; the next start retries.
            logger.LogError(ex, "Indexing older messages for search stopped; it resumes at the next start");
        }
    }
}
