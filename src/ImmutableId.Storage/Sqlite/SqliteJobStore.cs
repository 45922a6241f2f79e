using System.Globalization;
using ImmutableId.Core.Jobs;
using ImmutableId.Storage.Jobs;
using Microsoft.Data.Sqlite;

namespace ImmutableId.Storage.Sqlite;

/// <summary>
/// <see cref="IJobStore"/> in the SQLite file: one row per job and per item (the whole record as JSON; status, codes
/// and completion time as columns). Claims and outcomes are read-modify-write in an immediate transaction.
/// </summary>
internal sealed class SqliteJobStore(SqliteDatabase database) : IJobStore
{
    public async Task CreateAsync(Job job, IReadOnlyList<JobItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(items);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO job (job_id, owner_key, created_ms, job) VALUES ($id, $owner, $created, $job)";
            insert.Parameters.AddWithValue("$id", Key(job.Id));
            insert.Parameters.AddWithValue("$owner", job.Owner.ScopeKey);
            insert.Parameters.AddWithValue("$created", job.CreatedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$job", JobJson.Serialize(job));
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                throw new InvalidOperationException($"A job with id {job.Id} already exists.", ex);
            }
        }

        using (var item = connection.CreateCommand())
        {
            item.CommandText = "INSERT INTO job_item (job_id, idx, status, codes, completed_ms, item) VALUES ($id, $idx, $status, $codes, NULL, $item)";
            var id = item.Parameters.Add("$id", SqliteType.Text);
            var idx = item.Parameters.Add("$idx", SqliteType.Integer);
            var status = item.Parameters.Add("$status", SqliteType.Text);
            var codes = item.Parameters.Add("$codes", SqliteType.Text);
            var body = item.Parameters.Add("$item", SqliteType.Text);
            foreach (var i in items)
            {
                id.Value = Key(job.Id);
                idx.Value = i.Index;
                status.Value = i.Status.ToString();
                codes.Value = JobJson.Codes(i.CodeList);
                body.Value = JobJson.Serialize(i);
                await item.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        transaction.Commit();
    }

    public async Task<Job?> GetAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadJobAsync(connection, jobId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Job>> ListAsync(string ownerKey, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerKey);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT job FROM job WHERE owner_key = $owner ORDER BY created_ms DESC, job_id DESC LIMIT $max";
        command.Parameters.AddWithValue("$owner", ownerKey);
        command.Parameters.AddWithValue("$max", max);
        var jobs = new List<Job>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(JobJson.Deserialize<Job>(reader.GetString(0)));
        }

        return jobs;
    }

    public async Task<JobCounts> CountAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var byStatus = Enum.GetValues<JobItemStatus>().ToDictionary(s => s, _ => 0);
        var byCode = new SortedDictionary<string, int>(StringComparer.Ordinal);
        DateTimeOffset? last = null;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT status, COUNT(*), MAX(completed_ms) FROM job_item WHERE job_id = $id GROUP BY status";
            command.Parameters.AddWithValue("$id", Key(jobId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byStatus[Enum.Parse<JobItemStatus>(reader.GetString(0))] = reader.GetInt32(1);
                if (!reader.IsDBNull(2))
                {
                    var at = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
                    last = last is null || at > last ? at : last;
                }
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT codes, COUNT(*) FROM job_item WHERE job_id = $id AND codes <> ',' GROUP BY codes";
            command.Parameters.AddWithValue("$id", Key(jobId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var code in reader.GetString(0).Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    byCode[code] = byCode.GetValueOrDefault(code) + reader.GetInt32(1);
                }
            }
        }

        return new JobCounts(byStatus, byCode, last);
    }

    public async Task<JobItem?> GetItemAsync(Guid jobId, int index, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadItemAsync(connection, jobId, index, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JobItemPage> ListItemsAsync(Guid jobId, JobItemQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, JobItemQuery.MaxPageSize);
        var after = JobJson.ParseToken(query.ContinuationToken);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT item FROM job_item
            WHERE job_id = $id AND idx > $after AND ($status IS NULL OR status = $status) AND ($code IS NULL OR codes LIKE $code ESCAPE '\')
            ORDER BY idx LIMIT $take
            """;
        command.Parameters.AddWithValue("$id", Key(jobId));
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$status", (object?)query.Status?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("$code", query.Code is null ? DBNull.Value : "%," + query.Code.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + ",%");
        command.Parameters.AddWithValue("$take", query.PageSize + 1);
        var items = new List<JobItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(JobJson.Deserialize<JobItem>(reader.GetString(0)));
        }

        var more = items.Count > query.PageSize;
        if (more)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new JobItemPage(items, more ? items[^1].Index.ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task<JobItem?> TryClaimItemAsync(Guid jobId, int index, Guid operationId, DateTimeOffset now, DateTimeOffset claimUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        var item = await ReadItemAsync(connection, jobId, index, cancellationToken).ConfigureAwait(false);
        if (item is null || !JobJson.Claimable(item, now))
        {
            return null;
        }

        await WriteItemAsync(connection, item with { Status = JobItemStatus.Running, OperationId = operationId, Attempts = item.Attempts + 1, ClaimedUntil = claimUntil }, cancellationToken).ConfigureAwait(false);
        transaction.Commit();
        return item;
    }

    public async Task<bool> RenewItemClaimAsync(Guid jobId, int index, Guid operationId, DateTimeOffset claimUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        var item = await ReadItemAsync(connection, jobId, index, cancellationToken).ConfigureAwait(false);
        if (item is null || !JobJson.HeldBy(item, operationId))
        {
            return false;
        }

        await WriteItemAsync(connection, item with { ClaimedUntil = claimUntil }, cancellationToken).ConfigureAwait(false);
        transaction.Commit();
        return true;
    }

    public async Task<bool> ReleaseItemAsync(Guid jobId, int index, Guid? operationId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        var item = await ReadItemAsync(connection, jobId, index, cancellationToken).ConfigureAwait(false);
        if (item is null || item.Status != JobItemStatus.Running)
        {
            return false;
        }

        await WriteItemAsync(connection, item with { Status = JobItemStatus.Queued, ClaimedUntil = null, OperationId = operationId ?? item.OperationId }, cancellationToken).ConfigureAwait(false);
        transaction.Commit();
        return true;
    }

    public async Task<bool> CompleteItemAsync(Guid jobId, int index, JobItemOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcome.Status.IsTerminal())
        {
            throw new ArgumentException("An outcome has a terminal status.", nameof(outcome));
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        var item = await ReadItemAsync(connection, jobId, index, cancellationToken).ConfigureAwait(false);
        if (item is null || item.Status.IsTerminal())
        {
            return false;
        }

        await WriteItemAsync(connection, JobJson.Complete(item, outcome), cancellationToken).ConfigureAwait(false);
        transaction.Commit();
        return true;
    }

    public async Task MarkRunningAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await UpdateJobAsync(jobId, job => job.State == JobState.Queued ? job with { State = JobState.Running, StartedAt = now } : null, cancellationToken).ConfigureAwait(false);

    public async Task<bool> TryCompleteAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        var job = await ReadJobAsync(connection, jobId, cancellationToken).ConfigureAwait(false);
        if (job is null || job.IsFinished)
        {
            return job is not null;
        }

        using (var open = connection.CreateCommand())
        {
            open.CommandText = "SELECT EXISTS (SELECT 1 FROM job_item WHERE job_id = $id AND status IN ('Queued', 'Running'))";
            open.Parameters.AddWithValue("$id", Key(jobId));
            if (Convert.ToInt64(await open.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) != 0)
            {
                return false;
            }
        }

        await WriteJobAsync(connection, job with { State = JobState.Completed, StartedAt = job.StartedAt ?? now, EndedAt = now }, cancellationToken).ConfigureAwait(false);
        transaction.Commit();
        return true;
    }

    public async Task<Job?> CancelAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        var job = await ReadJobAsync(connection, jobId, cancellationToken).ConfigureAwait(false);
        if (job is null || job.IsFinished)
        {
            return job;
        }

        var cancelled = job with { State = JobState.Cancelled, EndedAt = now };
        await WriteJobAsync(connection, cancelled, cancellationToken).ConfigureAwait(false);
        var queued = new List<JobItem>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT item FROM job_item WHERE job_id = $id AND status = 'Queued'";
            select.Parameters.AddWithValue("$id", Key(jobId));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                queued.Add(JobJson.Deserialize<JobItem>(reader.GetString(0)));
            }
        }

        var outcome = new JobItemOutcome(JobItemStatus.Cancelled, [], null, null, null, null, "The job was cancelled before this user started.", now);
        foreach (var item in queued)
        {
            await WriteItemAsync(connection, JobJson.Complete(item, outcome), cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();
        return cancelled;
    }

    private async Task UpdateJobAsync(Guid jobId, Func<Job, Job?> change, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        var job = await ReadJobAsync(connection, jobId, cancellationToken).ConfigureAwait(false);
        if (job is not null && change(job) is { } changed)
        {
            await WriteJobAsync(connection, changed, cancellationToken).ConfigureAwait(false);
            transaction.Commit();
        }
    }

    private static async Task<Job?> ReadJobAsync(SqliteConnection connection, Guid jobId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT job FROM job WHERE job_id = $id";
        command.Parameters.AddWithValue("$id", Key(jobId));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? JobJson.Deserialize<Job>(json) : null;
    }

    private static async Task WriteJobAsync(SqliteConnection connection, Job job, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE job SET job = $job WHERE job_id = $id";
        command.Parameters.AddWithValue("$id", Key(job.Id));
        command.Parameters.AddWithValue("$job", JobJson.Serialize(job));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JobItem?> ReadItemAsync(SqliteConnection connection, Guid jobId, int index, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT item FROM job_item WHERE job_id = $id AND idx = $idx";
        command.Parameters.AddWithValue("$id", Key(jobId));
        command.Parameters.AddWithValue("$idx", index);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? JobJson.Deserialize<JobItem>(json) : null;
    }

    private static async Task WriteItemAsync(SqliteConnection connection, JobItem item, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE job_item SET status = $status, codes = $codes, completed_ms = $completed, item = $item WHERE job_id = $id AND idx = $idx";
        command.Parameters.AddWithValue("$id", Key(item.JobId));
        command.Parameters.AddWithValue("$idx", item.Index);
        command.Parameters.AddWithValue("$status", item.Status.ToString());
        command.Parameters.AddWithValue("$codes", JobJson.Codes(item.CodeList));
        command.Parameters.AddWithValue("$completed", (object?)item.CompletedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$item", JobJson.Serialize(item));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Key(Guid id) => id.ToString("N");
}
