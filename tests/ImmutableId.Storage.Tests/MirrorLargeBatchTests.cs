using ImmutableId.Core.Agents;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>
/// A full-size agent batch (1000 entries: many per Tables bucket, so several transactions of at most 100 each, plus a
/// repeated objectGUID) is applied whole on both stores; a rename and a full-pass sweep still work across buckets.
/// </summary>
public abstract class MirrorLargeBatchTests() : StoreTestBase(Start)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private const string Agent = "dc-agent-1";

    private IOnPremMirror Mirror => Store.Services.GetRequiredService<IOnPremMirror>();

    [Fact]
    public async Task ApplyBatch_ThousandEntriesWithARepeat_AllStoredLastPostingWinsRenameAndSweepWork()
    {
        var users = Enumerable.Range(0, 1000).Select(i => User($"bench{i:D4}@contoso.com")).ToList();
        var repeated = users[17] with { SamAccountName = "second-posting" };

        var first = await Mirror.ApplyBatchAsync(Batch(1, [.. users.Select(Entry), Entry(repeated)], fullPassStart: 1));
        var stored = await CountAsync();
        var byUpn = await Mirror.FindByUserPrincipalNameAsync("BENCH0999@contoso.com");
        var again = await Mirror.GetAsync(repeated.ObjectGuid);

        Assert.True(first.Applied);
        Assert.Equal(1000, stored);
        Assert.Equal(users[999].ObjectGuid, Assert.Single(byUpn).User.ObjectGuid);
        Assert.Equal("second-posting", again!.User.SamAccountName);

        // A second full pass: one user renamed, 600 re-posted, the rest gone from AD (swept).
        var renamed = users[5] with { UserPrincipalName = "renamed@contoso.com" };
        var second = await Mirror.ApplyBatchAsync(Batch(2, [Entry(renamed), .. users.Skip(6).Take(599).Select(Entry)], fullPassStart: 2, fullPassComplete: true));

        Assert.Equal(400, second.Swept);
        Assert.Equal(600, await CountAsync());
        Assert.Empty(await Mirror.FindByUserPrincipalNameAsync("bench0005@contoso.com"));
        Assert.Equal(renamed.ObjectGuid, Assert.Single(await Mirror.FindByUserPrincipalNameAsync("renamed@contoso.com")).User.ObjectGuid);
        Assert.Empty(await Mirror.FindByUserPrincipalNameAsync("bench0999@contoso.com"));
    }

    private async Task<int> CountAsync()
    {
        var count = 0;
        await foreach (var _ in Mirror.EnumerateAsync(Agent))
        {
            count++;
        }

        return count;
    }

    private static OnPremUser User(string upn) => new(
        $"CN={upn.Split('@')[0]},OU=Staff,DC=contoso,DC=com", Guid.NewGuid(), null, upn, upn.Split('@')[0], upn, ["SMTP:" + upn], true, null, null);

    private static MirrorEntry Entry(OnPremUser user) => new(user, 1, Agent, Start, 0);

    private static AgentBatch Batch(long sequence, IReadOnlyList<MirrorEntry> upserts, long? fullPassStart = null, bool fullPassComplete = false) =>
        new(Agent, sequence, upserts, [], fullPassStart, fullPassComplete, null, null, null, Start.AddMinutes(sequence));
}

/// <summary>The large batch on SQLite.</summary>
public sealed class SqliteMirrorLargeBatchTests : MirrorLargeBatchTests
{
    private readonly TestStores.Sqlite _database = new("mirror");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _database.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _database.DeleteAsync();
}

/// <summary>The large batch on Azure Tables (Azurite): entity-group transactions per bucket.</summary>
public sealed class AzureTablesMirrorLargeBatchTests : MirrorLargeBatchTests
{
    private readonly TestStores.Azurite _tables = new("L", "Mirror", "MirrorUpn", "Agents", "Audit", "Idempotency", "Leases");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _tables.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _tables.DeleteAsync();
}
