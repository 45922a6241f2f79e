using System.Runtime.CompilerServices;
using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;
using ImmutableId.Core.Scopes;

namespace ImmutableId.Core.Tests.Jobs;

public sealed class CandidateDiscoveryTests
{
    private static readonly CloudUserListing[] Tenant =
    [
        new("1", "adele@contoso.com", null, null, "Member"),
        new("2", "lee@contoso.com", "HIorb049UE+Ka3yNng8aKw==", true, "Member"),
        new("3", "nestor@contoso.com", "yYuRNW0Z6kCXeYidebdT8A==", null, "Member"),
        new("4", "synced-no-anchor@contoso.com", null, true, "Member"),
        new("5", "joni_outlook.com#EXT#@contoso.com", null, null, "Guest"),
        new("6", "pradeep@fabrikam.com", null, false, "Member"),
        new("7", "sam@northwind.com", null, null, "Member"),
        new("8", null, null, null, "Member"),
        new("9", "empty-anchor@contoso.com", string.Empty, null, null),
    ];

    private static CandidateDiscovery Discovery(params string[] policyDomains) =>
        new(new ListCatalog(Tenant), new PolicyOptions { AllowedUpnDomains = policyDomains });

    [Fact]
    public async Task Discover_KeepsUnanchoredUnsyncedMembersOfAllowedDomains()
    {
        var found = await Discovery("contoso.com", "fabrikam.com").DiscoverAsync(DirectoryScope.Unrestricted, 100);

        Assert.Equal(["adele@contoso.com", "pradeep@fabrikam.com", "empty-anchor@contoso.com"], found.UserPrincipalNames);
        Assert.Equal(Tenant.Length, found.Scanned);
        Assert.False(found.Truncated);
    }

    [Fact]
    public async Task Discover_CallerScopeNarrowsThePolicy_AndAnyDomainPolicyStillObeysIt()
    {
        var fabrikamOnly = new DirectoryScope(["fabrikam.com"], []);

        Assert.Equal(["pradeep@fabrikam.com"], (await Discovery("contoso.com", "fabrikam.com").DiscoverAsync(fabrikamOnly, 100)).UserPrincipalNames);
        Assert.Equal(["pradeep@fabrikam.com"], (await Discovery("*").DiscoverAsync(fabrikamOnly, 100)).UserPrincipalNames);
        Assert.Contains("sam@northwind.com", (await Discovery("*").DiscoverAsync(DirectoryScope.Unrestricted, 100)).UserPrincipalNames);
    }

    [Fact]
    public async Task Discover_MoreCandidatesThanTheLimit_IsTruncatedAndSaysSo()
    {
        var found = await Discovery("contoso.com", "fabrikam.com").DiscoverAsync(DirectoryScope.Unrestricted, 2);

        Assert.True(found.Truncated);
        Assert.Equal(["adele@contoso.com", "pradeep@fabrikam.com"], found.UserPrincipalNames);
    }

    [Fact]
    public async Task Discover_ExactlyTheLimit_IsNotTruncated()
    {
        var found = await Discovery("contoso.com", "fabrikam.com").DiscoverAsync(DirectoryScope.Unrestricted, 3);

        Assert.False(found.Truncated);
        Assert.Equal(3, found.UserPrincipalNames.Count);
    }

    private sealed class ListCatalog(IEnumerable<CloudUserListing> users) : ICloudUserCatalog
    {
        public async IAsyncEnumerable<CloudUserListing> ListUsersAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var user in users)
            {
                await Task.Yield();
                yield return user;
            }
        }
    }
}
