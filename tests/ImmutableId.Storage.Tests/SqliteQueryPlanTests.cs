using ImmutableId.Core.Audit;
using ImmutableId.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ImmutableId.Storage.Tests;

/// <summary>
/// The SQLite statements that run on every claim or page seek an index, so their cost does not grow with the stored
/// keys or the audit size. SQLite's own query plan (EXPLAIN QUERY PLAN) is asserted, not a time: "SCAN" = every row.
/// </summary>
public sealed class SqliteQueryPlanTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("immutableid-plan-").FullName;
    private SqliteConnection _connection = null!;

    public async Task InitializeAsync() =>
        _connection = await new SqliteDatabase(Path.Combine(_directory, "plan.db")).OpenAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task IdempotencyPurge_SeeksTheExpiryIndex()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = SqliteIdempotencyStore.PurgeSql;
        command.Parameters.AddWithValue("$now", 1L);

        var plan = await PlanAsync(command);

        Assert.Equal(["SEARCH idempotency USING INDEX idempotency_expiry (expires_ms<?)"], plan);
    }

    [Fact]
    public async Task AuditQuery_To_StartsTheSortKeyIndexAtTo()
    {
        using var command = _connection.CreateCommand();
        SqliteAuditLog.PrepareQuery(command, new AuditQuery(To: DateTimeOffset.UtcNow.AddDays(-1)), after: null);

        var plan = await PlanAsync(command);

        Assert.Single(plan);
        Assert.Matches(@"^SEARCH audit USING INDEX sqlite_autoindex_audit_\d \(sort_key>\?\)$", plan[0]);
    }

    [Fact]
    public async Task AuditQuery_UpnAndTo_SeeksTheUpnIndex()
    {
        using var command = _connection.CreateCommand();
        SqliteAuditLog.PrepareQuery(command, new AuditQuery(UserPrincipalName: "adele.vance@contoso.com", To: DateTimeOffset.UtcNow), after: "000000000000001_" + Guid.Empty.ToString("N"));

        var plan = await PlanAsync(command);

        Assert.Equal(["SEARCH audit USING INDEX audit_upn (upn=? AND sort_key>?)"], plan);
    }

    [Fact]
    public async Task RetentionDelete_SeeksTheOutcomeTimeIndex()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = SqliteAuditLog.DeleteBeforeSql;
        command.Parameters.AddWithValue("$outcome", nameof(AuditOutcome.Succeeded));
        command.Parameters.AddWithValue("$before", 1L);
        command.Parameters.AddWithValue("$max", 10);

        var plan = await PlanAsync(command);

        Assert.Contains(plan, p => p.Contains("USING COVERING INDEX audit_pending (outcome=? AND time_ms<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN audit", StringComparison.Ordinal));
    }

    /// <summary>The plan's detail lines (a line per table access; "SCAN t" reads every row, "SEARCH t USING INDEX" seeks).</summary>
    private static async Task<List<string>> PlanAsync(SqliteCommand command)
    {
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }
}
