using Messaging.Core.Messages;

namespace Messaging.Web.Components.Chat;

/// <summary>
/// The room's history paging: catching up after the last sequence shown, older and newer pages at the window's ends,
/// and jumps (to the latest, or to a message anywhere in the history) that keep the window bounded.
/// </summary>
public sealed partial class RoomSession
{
    /// <summary>Loads everything after the last sequence shown (after a reconnect or a missed event).</summary>
    public async Task CatchUpAsync()
    {
        await _catchUpLock.WaitAsync();
        try
        {
            // A window further back does not take new messages (they are counted); it loads them on scrolling down.
            while (!_disposed && !Timeline.HasNewer)
            {
                var page = await services.History.SinceAsync(UserId, ConversationId, Timeline.LastSequence, MessageQueries.MaxPageSize);
                if (!page.IsSuccess || page.Value.Count == 0)
                {
                    return;
                }

                foreach (var message in page.Value)
                {
                    Timeline.TryAppend(message);
                }

                if (page.Value.Count < MessageQueries.MaxPageSize)
                {
                    return;
                }
            }
        }
        finally
        {
            _catchUpLock.Release();
        }
    }

    /// <summary>Loads the page after the window (scrolling back down after it was moved back).</summary>
    public async Task LoadNewerAsync()
    {
        if (!Timeline.HasNewer)
        {
            return;
        }

        var page = await services.History.SinceAsync(UserId, ConversationId, Timeline.LastSequence, PageSize);
        if (page.IsSuccess)
        {
            Timeline.AppendNewer(page.Value);
            if (!Timeline.HasNewer && PageVisible)
            {
                await MarkReadAsync();
            }
        }
    }

    /// <summary>Shows the newest page again, at the bottom.</summary>
    public async Task JumpToLatestAsync()
    {
        var page = await services.History.HistoryAsync(UserId, ConversationId, null, PageSize);
        if (page.IsSuccess)
        {
            // This is the newest page: whatever was counted meanwhile came after it, and the catch-up fetches it.
            Timeline.ResetAround(page.Value, 0);
            await CatchUpAsync();
            Scroll = RoomScroll.Bottom;
            if (PageVisible)
            {
                await MarkReadAsync();
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="sequence"/> part of the window (a search result, a quoted message, the first unread): by
    /// loading older pages when it is near, or a page around it otherwise, so the window stays bounded.
    /// </summary>
    public async Task ShowAsync(long sequence)
    {
        if (Timeline.Shows(sequence))
        {
            return;
        }

        if (Timeline.OldestSequence is { } oldest && sequence < oldest && Timeline.LastSequence - sequence < RoomTimeline.MaxMessages - PageSize)
        {
            await LoadOlderUntilAsync(sequence, RoomTimeline.MaxMessages / PageSize);
            return;
        }

        var before = await services.History.HistoryAsync(UserId, ConversationId, sequence + 1, PageSize / 2);
        var after = await services.History.SinceAsync(UserId, ConversationId, sequence, PageSize / 2);
        if (before.IsSuccess && after.IsSuccess)
        {
            Timeline.ResetAround([.. before.Value, .. after.Value], Math.Max(Timeline.LatestSequence, Details?.LastSequence ?? 0));
        }
    }

    /// <summary>Loads one older page in front of what is shown; false when the history could not be read.</summary>
    public async Task<bool> LoadOlderAsync()
    {
        if (!Timeline.HasOlder)
        {
            return true;
        }

        var page = await services.History.HistoryAsync(UserId, ConversationId, Timeline.OldestSequence, PageSize);
        if (page.IsSuccess)
        {
            Timeline.Prepend(page.Value, PageSize);
        }

        return page.IsSuccess;
    }

    /// <summary>Loads older pages until <paramref name="sequence"/> is shown, at most <paramref name="maxPages"/> of them.</summary>
    public async Task LoadOlderUntilAsync(long sequence, int maxPages)
    {
        for (var i = 0; i < maxPages && Timeline.HasOlder && Timeline.OldestSequence > sequence; i++)
        {
            if (!await LoadOlderAsync())
            {
                return;
            }
        }
    }

    /// <summary>
    /// Reads the messages in the window again: edits, deletions, removals and reactions that happened while this tab
    /// heard nothing (disconnected, or cut off for falling behind) are only in the database.
    /// </summary>
    private async Task RefreshWindowAsync()
    {
        if (Timeline.OldestSequence is not { } oldest)
        {
            return;
        }

        var page = await services.History.SinceAsync(UserId, ConversationId, oldest - 1, Math.Min(MessageQueries.MaxPageSize, Timeline.Messages.Count));
        if (page.IsSuccess)
        {
            foreach (var message in page.Value.Where(m => m.Sequence <= Timeline.LastSequence))
            {
                Timeline.Replace(message);
            }
        }
    }
}
