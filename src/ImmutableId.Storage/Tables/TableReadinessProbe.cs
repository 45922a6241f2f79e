using Azure;
using Azure.Data.Tables;
using ImmutableId.Core.Readiness;

namespace ImmutableId.Storage.Tables;

/// <summary>Azure Tables readiness: one upsert (a single probe entity in the leases table) and a read of it back.</summary>
internal sealed class TableReadinessProbe(TableStore store, TimeProvider timeProvider) : IReadinessProbe
{
    public string Dependency => ReadinessDependency.Storage;

    public async Task<ReadinessCheck> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            await store.Leases.UpsertEntityAsync(new TableEntity("readiness", "probe") { ["ProbedMs"] = now }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            var read = await store.Leases.GetEntityAsync<TableEntity>("readiness", "probe", cancellationToken: cancellationToken).ConfigureAwait(false);
            return read.Value.GetInt64("ProbedMs") == now
                ? ReadinessCheck.Ok
                : ReadinessCheck.Failed("Azure Tables did not read back what was written: retry; if it persists, check the storage account's health.");
        }
        catch (RequestFailedException ex) when (ex.Status is 401 or 403)
        {
            return ReadinessCheck.Failed(
                "Azure Tables refused the app's identity: grant it Storage Table Data Contributor on the storage account (infra/app/rbac.bicep) and check Storage:ManagedIdentityClientId.",
                $"HTTP {ex.Status}: {ex.ErrorCode}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ReadinessCheck.Failed(
                "Azure Tables did not answer: check Storage:TableServiceUri (or the connection string) and network access to the storage account.",
                ex is RequestFailedException failed ? $"HTTP {failed.Status}: {failed.ErrorCode}" : ex.Message);
        }
    }
}
