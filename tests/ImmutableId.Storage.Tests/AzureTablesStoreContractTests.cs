using Azure.Data.Tables;
using ImmutableId.Core.Idempotency;
using ImmutableId.Storage.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The store contract on Azure Tables, against Azurite (tests/servers/azurite), fresh tables per test.</summary>
public sealed class AzureTablesStoreContractTests : StoreContractTests
{
    private readonly TestStores.Azurite _tables = new("T", "Audit", "Idempotency", "Leases");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _tables.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _tables.DeleteAsync();

    /// <summary>The previous version's entity: StatusCode, ContentType and Body, no AnswerKind.</summary>
    protected override async Task StorePreviousVersionAnswerAsync(IdempotencyKey key, int status, string contentType, string body, string operationId)
    {
        var store = Store.Services.GetRequiredService<TableStore>();
        await store.EnsureCreatedAsync(CancellationToken.None);
        await store.Idempotency.AddEntityAsync(new TableEntity(TableStore.HashKey(key.Scope), TableStore.HashKey(key.Key))
        {
            ["Scope"] = key.Scope,
            ["Key"] = key.Key,
            ["Fingerprint"] = key.Fingerprint,
            ["ClaimedMs"] = Store.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
            ["ExpiresMs"] = (Store.Clock.GetUtcNow() + IdempotencyKey.Retention).ToUnixTimeMilliseconds(),
            ["Completed"] = true,
            ["StatusCode"] = status,
            ["ContentType"] = contentType,
            ["Body"] = body,
            ["OperationId"] = operationId,
        });
    }
}
