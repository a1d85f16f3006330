using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Messaging.Core.Common;

/// <summary>
/// Tells an outage of storage (a database that refuses writes or is unreachable, a full disk) from a bug, so that a
/// send can answer "the server cannot store messages right now" instead of failing with an unexpected error.
/// </summary>
public static class StorageFailure
{
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException or DbUpdateException or RetryLimitExceededException or IOException)
            {
                return true;
            }
        }

        return false;
    }
}
