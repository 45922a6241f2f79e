using ImmutableId.Testing;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>
/// The job store, queue and budget contract on Azure Tables and an Azure Storage queue, against Azurite
/// (tests/servers/azurite: Table and Queue services), fresh tables and a fresh queue per test.
/// </summary>
public sealed class AzureJobStoreContractTests : JobStoreContractTests
{
    private readonly string _prefix = "J" + Guid.NewGuid().ToString("N")[..16];
    private readonly string _queue = "jobs-" + Guid.NewGuid().ToString("N")[..16];

    internal static string QueueConnectionString => TestServers.AzuriteQueueConnectionString;

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => Task.FromResult(new StoreUnderTest(
        new Dictionary<string, string?>(JobSettings(_queue))
        {
            ["Storage:Provider"] = "AzureTables",
            ["Storage:TableConnectionString"] = TestStores.Azurite.ConnectionString,
            ["Storage:QueueConnectionString"] = QueueConnectionString,
            ["Storage:TablePrefix"] = _prefix,
        },
        clock));

    protected override async Task DeleteStoreAsync()
    {
        var service = new TableServiceClient(TestStores.Azurite.ConnectionString);
        foreach (var suffix in new[] { "Jobs", "JobItems" })
        {
            await service.DeleteTableAsync(_prefix + suffix);
        }

        await new QueueClient(QueueConnectionString, _queue).DeleteIfExistsAsync();
    }

    // Azurite's queue keeps real time; the budget and the claims read the fake clock.
    protected override async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Task.Delay(by);
    }
}
