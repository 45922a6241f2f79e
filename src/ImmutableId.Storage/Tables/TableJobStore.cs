using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ImmutableId.Core.Jobs;
using ImmutableId.Storage.Jobs;

namespace ImmutableId.Storage.Tables;

/// <summary>
/// <see cref="IJobStore"/> in Azure Tables: {prefix}Jobs (PartitionKey "job", RowKey = job id) and {prefix}JobItems
/// (PartitionKey = job id, RowKey = index as six digits, so a partition reads in index order). Every item change is
/// conditioned on the ETag read, so two workers never both claim or complete an item. Items are written before their
/// job, in transactions of 100: a visible job always has all its items.
/// </summary>
internal sealed class TableJobStore(JobTables tables) : IJobStore
{
    private const string JobPartition = "job";

    public async Task CreateAsync(Job job, IReadOnlyList<JobItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(items);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if ((await tables.Jobs.GetEntityIfExistsAsync<TableEntity>(JobPartition, Key(job.Id), ["RowKey"], cancellationToken).ConfigureAwait(false)).HasValue)
        {
            throw new InvalidOperationException($"A job with id {job.Id} already exists.");
        }

        await Parallel.ForEachAsync(items.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (chunk, ct) =>
            await tables.Items.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(i))), ct).ConfigureAwait(false)).ConfigureAwait(false);
        try
        {
            await tables.Jobs.AddEntityAsync(ToEntity(job), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new InvalidOperationException($"A job with id {job.Id} already exists.", ex);
        }
    }

    public async Task<Job?> GetAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        (await ReadJobAsync(jobId, cancellationToken).ConfigureAwait(false))?.Job;

    public async Task<IReadOnlyList<Job>> ListAsync(string ownerKey, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerKey);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<Job>();
        await foreach (var entity in tables.Jobs.QueryAsync<TableEntity>(e => e.PartitionKey == JobPartition && (string)e["OwnerKey"] == ownerKey, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(JobJson.Deserialize<Job>(entity.GetString("Job")));
        }

        return jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(max).ToList();
    }

    public async Task<JobCounts> CountAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var byStatus = Enum.GetValues<JobItemStatus>().ToDictionary(s => s, _ => 0);
        var byCode = new SortedDictionary<string, int>(StringComparer.Ordinal);
        DateTimeOffset? last = null;
        await foreach (var entity in tables.Items.QueryAsync<TableEntity>(e => e.PartitionKey == Key(jobId), select: ["Status", "Codes", "CompletedMs"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            byStatus[Enum.Parse<JobItemStatus>(entity.GetString("Status"))]++;
            foreach (var code in (entity.GetString("Codes") ?? ",").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                byCode[code] = byCode.GetValueOrDefault(code) + 1;
            }

            if (entity.GetInt64("CompletedMs") is { } ms)
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                last = last is null || at > last ? at : last;
            }
        }

        return new JobCounts(byStatus, byCode, last);
    }

    public async Task<JobItem?> GetItemAsync(Guid jobId, int index, CancellationToken cancellationToken = default) =>
        (await ReadItemAsync(jobId, index, cancellationToken).ConfigureAwait(false))?.Item;

    public async Task<JobItemPage> ListItemsAsync(Guid jobId, JobItemQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, JobItemQuery.MaxPageSize);
        var after = JobJson.ParseToken(query.ContinuationToken);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var partition = Key(jobId);
        var from = Row(after);
        var filter = query.Status is { } status
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {from} and Status eq {status.ToString()}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {from}");
        var needle = query.Code is null ? null : "," + query.Code + ",";
        var items = new List<JobItem>();
        var more = false;
        await foreach (var entity in tables.Items.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, query.PageSize + 1), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (needle is not null && !(entity.GetString("Codes") ?? string.Empty).Contains(needle, StringComparison.Ordinal))
            {
                continue;
            }

            if (items.Count == query.PageSize)
            {
                more = true;
                break;
            }

            items.Add(JobJson.Deserialize<JobItem>(entity.GetString("Item")));
        }

        return new JobItemPage(items, more ? items[^1].Index.ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task<JobItem?> TryClaimItemAsync(Guid jobId, int index, Guid operationId, DateTimeOffset now, DateTimeOffset claimUntil, CancellationToken cancellationToken = default)
    {
        var read = await ReadItemAsync(jobId, index, cancellationToken).ConfigureAwait(false);
        if (read is not { } found || !JobJson.Claimable(found.Item, now))
        {
            return null;
        }

        var claimed = found.Item with { Status = JobItemStatus.Running, OperationId = operationId, Attempts = found.Item.Attempts + 1, ClaimedUntil = claimUntil };
        return await TryReplaceAsync(tables.Items, ToEntity(claimed), found.ETag, cancellationToken).ConfigureAwait(false) ? found.Item : null;
    }

    public async Task<bool> RenewItemClaimAsync(Guid jobId, int index, Guid operationId, DateTimeOffset claimUntil, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var read = await ReadItemAsync(jobId, index, cancellationToken).ConfigureAwait(false);
            if (read is not { } found || !JobJson.HeldBy(found.Item, operationId))
            {
                return false;
            }

            if (await TryReplaceAsync(tables.Items, ToEntity(found.Item with { ClaimedUntil = claimUntil }), found.ETag, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    public async Task<bool> ReleaseItemAsync(Guid jobId, int index, Guid? operationId = null, CancellationToken cancellationToken = default)
    {
        var read = await ReadItemAsync(jobId, index, cancellationToken).ConfigureAwait(false);
        if (read is not { } found || found.Item.Status != JobItemStatus.Running)
        {
            return false;
        }

        return await TryReplaceAsync(tables.Items, ToEntity(found.Item with { Status = JobItemStatus.Queued, ClaimedUntil = null, OperationId = operationId ?? found.Item.OperationId }), found.ETag, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> CompleteItemAsync(Guid jobId, int index, JobItemOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcome.Status.IsTerminal())
        {
            throw new ArgumentException("An outcome has a terminal status.", nameof(outcome));
        }

        while (true)
        {
            var read = await ReadItemAsync(jobId, index, cancellationToken).ConfigureAwait(false);
            if (read is not { } found || found.Item.Status.IsTerminal())
            {
                return false;
            }

            if (await TryReplaceAsync(tables.Items, ToEntity(JobJson.Complete(found.Item, outcome)), found.ETag, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    public Task MarkRunningAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ChangeJobAsync(jobId, job => job.State == JobState.Queued ? job with { State = JobState.Running, StartedAt = now } : null, cancellationToken);

    public async Task<bool> TryCompleteAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var job = await GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null || job.IsFinished)
        {
            return job is not null;
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Key(jobId)} and (Status eq {nameof(JobItemStatus.Queued)} or Status eq {nameof(JobItemStatus.Running)})");
        await foreach (var _ in tables.Items.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var completed = false;
        await ChangeJobAsync(jobId, current =>
        {
            completed = true;
            return current.IsFinished ? null : current with { State = JobState.Completed, StartedAt = current.StartedAt ?? now, EndedAt = now };
        }, cancellationToken).ConfigureAwait(false);
        return completed;
    }

    public async Task<Job?> CancelAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Job? result = null;
        var cancelledNow = false;
        await ChangeJobAsync(jobId, job =>
        {
            if (job.IsFinished)
            {
                result = job;
                cancelledNow = false;
                return null;
            }

            result = job with { State = JobState.Cancelled, EndedAt = now };
            cancelledNow = true;
            return result;
        }, cancellationToken).ConfigureAwait(false);
        if (!cancelledNow)
        {
            return result;
        }

        // The job is cancelled first: a worker that reads it starts nothing; then the queued items say so.
        var outcome = new JobItemOutcome(JobItemStatus.Cancelled, [], null, null, null, null, "The job was cancelled before this user started.", now);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Key(jobId)} and Status eq {nameof(JobItemStatus.Queued)}");
        var queued = new List<TableEntity>();
        await foreach (var entity in tables.Items.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            queued.Add(entity);
        }

        await Parallel.ForEachAsync(queued, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (entity, ct) =>
        {
            var item = JobJson.Deserialize<JobItem>(entity.GetString("Item"));
            await TryReplaceAsync(tables.Items, ToEntity(JobJson.Complete(item, outcome)), entity.ETag, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result;
    }

    private async Task ChangeJobAsync(Guid jobId, Func<Job, Job?> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await ReadJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (read is not { } found || change(found.Job) is not { } changed)
            {
                return;
            }

            if (await TryReplaceAsync(tables.Jobs, ToEntity(changed), found.ETag, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<(Job Job, ETag ETag)?> ReadJobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await tables.Jobs.GetEntityIfExistsAsync<TableEntity>(JobPartition, Key(jobId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? (JobJson.Deserialize<Job>(response.Value!.GetString("Job")), response.Value.ETag) : null;
    }

    private async Task<(JobItem Item, ETag ETag)?> ReadItemAsync(Guid jobId, int index, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await tables.Items.GetEntityIfExistsAsync<TableEntity>(Key(jobId), Row(index), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? (JobJson.Deserialize<JobItem>(response.Value!.GetString("Item")), response.Value.ETag) : null;
    }

    private static async Task<bool> TryReplaceAsync(TableClient table, TableEntity entity, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(Job job) => new(JobPartition, Key(job.Id))
    {
        ["OwnerKey"] = job.Owner.ScopeKey,
        ["CreatedMs"] = job.CreatedAt.ToUnixTimeMilliseconds(),
        ["Job"] = JobJson.Serialize(job),
    };

    private static TableEntity ToEntity(JobItem item) => new(Key(item.JobId), Row(item.Index))
    {
        ["Status"] = item.Status.ToString(),
        ["Codes"] = JobJson.Codes(item.CodeList),
        ["CompletedMs"] = item.CompletedAt?.ToUnixTimeMilliseconds(),
        ["Item"] = JobJson.Serialize(item),
    };

    private static string Key(Guid id) => id.ToString("N");

    // -1 (before the first) sorts before "000000".
    private static string Row(int index) => index < 0 ? "-" : index.ToString("D6", CultureInfo.InvariantCulture);
}
