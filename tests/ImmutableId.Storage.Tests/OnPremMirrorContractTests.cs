using ImmutableId.Core.Agents;
using ImmutableId.Core.Anchors;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>
/// The contract every on-prem mirror keeps: one suite, run against SQLite (<see cref="SqliteOnPremMirrorContractTests"/>)
/// and Azure Tables on Azurite (<see cref="AzureTablesOnPremMirrorContractTests"/>). Each test gets a fresh, empty mirror.
/// </summary>
public abstract class OnPremMirrorContractTests() : StoreTestBase(Start)
{
    protected static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private const string Agent = "dc-agent-1";

    private IOnPremMirror Mirror => Store.Services.GetRequiredService<IOnPremMirror>();

    [Fact]
    public async Task ApplyBatch_NewEntries_FoundByGuidAndUpnWithEveryField()
    {
        var consistency = SourceAnchor.FromGuid(Guid.NewGuid());
        var alice = User("Alice@Contoso.com", consistency: consistency) with
        {
            ProxyAddresses = ["SMTP:alice@contoso.com", "smtp:a@contoso.com"], AdminCount = 1, Enabled = false,
            WhenChanged = Start.AddDays(-1),
        };

        var result = await Mirror.ApplyBatchAsync(Batch(1, [Entry(alice, usn: 4711)]));
        var byGuid = await Mirror.GetAsync(alice.ObjectGuid);
        var byUpn = await Mirror.FindByUserPrincipalNameAsync("alice@CONTOSO.com");

        Assert.True(result.Applied);
        Assert.Equal(1, result.Upserted);
        Assert.NotNull(byGuid);
        Assert.Equal(alice.DistinguishedName, byGuid!.User.DistinguishedName);
        Assert.Equal(consistency, byGuid.User.ConsistencyGuid);
        Assert.Equal(alice.ProxyAddresses, byGuid.User.ProxyAddresses);
        Assert.False(byGuid.User.Enabled);
        Assert.Equal(1, byGuid.User.AdminCount);
        Assert.Equal(alice.WhenChanged, byGuid.User.WhenChanged);
        Assert.Equal(4711, byGuid.UsnChanged);
        Assert.Equal(Agent, byGuid.AgentId);
        Assert.Equal(Start, byGuid.ObservedAt);
        Assert.Equal(alice.ObjectGuid, Assert.Single(byUpn).User.ObjectGuid);
    }

    [Fact]
    public async Task ApplyBatch_SameOrOlderSequence_AppliesNothing()
    {
        var alice = User("alice@contoso.com");
        await Mirror.ApplyBatchAsync(Batch(5, [Entry(alice)]));

        var replay = await Mirror.ApplyBatchAsync(Batch(5, [Entry(User("bob@contoso.com"))]));
        var older = await Mirror.ApplyBatchAsync(Batch(4, [], deletes: [alice.ObjectGuid]));

        Assert.False(replay.Applied);
        Assert.False(older.Applied);
        Assert.Equal(5, replay.LastSequence);
        Assert.Empty(await Mirror.FindByUserPrincipalNameAsync("bob@contoso.com"));
        Assert.NotNull(await Mirror.GetAsync(alice.ObjectGuid));
    }

    [Fact]
    public async Task ApplyBatch_Rename_FollowsTheNewUpnOnly()
    {
        var alice = User("alice@contoso.com");
        await Mirror.ApplyBatchAsync(Batch(1, [Entry(alice)]));

        await Mirror.ApplyBatchAsync(Batch(2, [Entry(alice with { UserPrincipalName = "alice.smith@contoso.com" })]));

        Assert.Empty(await Mirror.FindByUserPrincipalNameAsync("alice@contoso.com"));
        Assert.Single(await Mirror.FindByUserPrincipalNameAsync("alice.smith@contoso.com"));
    }

    [Fact]
    public async Task ApplyBatch_Delete_RemovesOnlyTheAgentsOwnEntry()
    {
        var mine = User("mine@contoso.com");
        var theirs = User("theirs@contoso.com");
        await Mirror.ApplyBatchAsync(Batch(1, [Entry(mine)]));
        await Mirror.ApplyBatchAsync(Batch(1, [Entry(theirs, agent: "other")], agent: "other"));

        var result = await Mirror.ApplyBatchAsync(Batch(2, [], deletes: [mine.ObjectGuid, theirs.ObjectGuid]));

        Assert.Equal(1, result.Deleted);
        Assert.Null(await Mirror.GetAsync(mine.ObjectGuid));
        Assert.NotNull(await Mirror.GetAsync(theirs.ObjectGuid));
    }

    [Fact]
    public async Task ApplyBatch_FullPassComplete_SweepsEntriesNotSeenDuringThePass()
    {
        var kept = User("kept@contoso.com");
        var gone = User("gone@contoso.com");
        await Mirror.ApplyBatchAsync(Batch(1, [Entry(kept), Entry(gone)]));

        await Mirror.ApplyBatchAsync(Batch(2, [Entry(kept)], fullPassStart: 2));
        var end = await Mirror.ApplyBatchAsync(Batch(3, [], fullPassStart: 2, fullPassComplete: true));

        Assert.Equal(1, end.Swept);
        Assert.NotNull(await Mirror.GetAsync(kept.ObjectGuid));
        Assert.Null(await Mirror.GetAsync(gone.ObjectGuid));
        Assert.Empty(await Mirror.FindByUserPrincipalNameAsync("gone@contoso.com"));
    }

    [Fact]
    public async Task ListAgents_AfterBatches_ReportsSequenceSyncFullPassAndCount()
    {
        await Mirror.ApplyBatchAsync(Batch(1, [Entry(User("a@contoso.com")), Entry(User("b@contoso.com"))], fullPassStart: 1, fullPassComplete: true) with
        {
            AgentVersion = "1.2.3", DomainController = "dc1.corp.contoso.test", HighWaterMark = 9000,
        });
        await Mirror.ApplyBatchAsync(Batch(2, [], receivedAt: Start.AddMinutes(5)));

        var agent = Assert.Single(await Mirror.ListAgentsAsync(countEntries: true));
        var uncounted = Assert.Single(await Mirror.ListAgentsAsync(countEntries: false));

        Assert.Equal(Agent, agent.AgentId);
        Assert.Equal(2, agent.LastSequence);
        Assert.Equal(Start.AddMinutes(5), agent.LastSync);
        Assert.Equal(Start, agent.LastFullPass);
        Assert.Equal("1.2.3", agent.AgentVersion);
        Assert.Equal("dc1.corp.contoso.test", agent.DomainController);
        Assert.Equal(9000, agent.HighWaterMark);
        Assert.Equal(2, agent.EntryCount);
        Assert.Null(uncounted.EntryCount);
        Assert.Equal(agent.LastSync, uncounted.LastSync);
    }

    [Fact]
    public async Task FindBySamAndMail_MatchCaseInsensitivelyIncludingProxyAddresses()
    {
        var alice = User("alice@contoso.com") with { SamAccountName = "ASmith", Mail = "Alice@Contoso.com", ProxyAddresses = ["smtp:alias@contoso.com"] };
        await Mirror.ApplyBatchAsync(Batch(1, [Entry(alice)]));

        Assert.Single(await Mirror.FindBySamAccountNameAsync("asmith"));
        Assert.Single(await Mirror.FindByMailAsync("alice@contoso.com"));
        Assert.Single(await Mirror.FindByMailAsync("ALIAS@contoso.com"));
        Assert.Empty(await Mirror.FindByMailAsync("alias@contoso"));
    }

    [Fact]
    public async Task Enumerate_ByAgent_ReturnsOnlyItsEntries()
    {
        await Mirror.ApplyBatchAsync(Batch(1, [Entry(User("a@contoso.com")), Entry(User("b@contoso.com"))]));
        await Mirror.ApplyBatchAsync(Batch(1, [Entry(User("c@contoso.com"), agent: "other")], agent: "other"));

        var mine = new List<MirrorEntry>();
        await foreach (var entry in Mirror.EnumerateAsync(Agent))
        {
            mine.Add(entry);
        }

        Assert.Equal(2, mine.Count);
        Assert.All(mine, e => Assert.Equal(Agent, e.AgentId));
    }

    private static OnPremUser User(string upn, SourceAnchor? consistency = null) => new(
        $"CN={upn.Split('@')[0]},OU=Staff,DC=contoso,DC=com", Guid.NewGuid(), consistency, upn, upn.Split('@')[0], null, [], true, null, null);

    private static MirrorEntry Entry(OnPremUser user, long usn = 1, string agent = Agent) => new(user, usn, agent, Start, 0);

    private static AgentBatch Batch(
        long sequence, IReadOnlyList<MirrorEntry> upserts, IReadOnlyList<Guid>? deletes = null, long? fullPassStart = null,
        bool fullPassComplete = false, string agent = Agent, DateTimeOffset? receivedAt = null) =>
        new(agent, sequence, upserts, deletes ?? [], fullPassStart, fullPassComplete, null, null, null, receivedAt ?? Start);
}
