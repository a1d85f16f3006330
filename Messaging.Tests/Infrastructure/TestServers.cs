namespace Messaging.Tests.Infrastructure;

/// <summary>
/// The real servers some tests need, as started by scripts/test.sh. Outside CI a test whose server is
/// not configured is skipped; under CI=true it fails, so nothing is silently left out.
/// </summary>
public static class TestServers
{
    public const string PostgresVariable = "MESSAGING_TEST_POSTGRES";
    public const string RedisVariable = "MESSAGING_TEST_REDIS";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The admin connection string of the throwaway PostgreSQL server.</summary>
    public static string Postgres => Require(PostgresVariable, "PostgreSQL");

    public static string Redis => Require(RedisVariable, "Redis");

    private static string Require(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"{what} is required under CI but {variable} is not set. Run the tests through scripts/test.sh.");
        }

        Assert.Skip($"{what} is not configured ({variable}); run scripts/test.sh to start it.");
        return "";
    }
}
