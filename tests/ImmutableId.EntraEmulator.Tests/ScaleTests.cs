using System.Net;
using ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.EntraEmulator.Tests;

public sealed class ScaleTests
{
    [Fact]
    public async Task Load_100kUsers_FilteredLookupsFindTheRightUsers()
    {
        var seed = SeedJson.Demo() with { BulkUsers = [new SeedBulkUsers(100_000, "contoso.com", WithImmutableIdEvery: 1000)] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        var graph = GraphClients.ForFunction(emulator);
        var target = emulator.FindUser("bulk054000@contoso.com")!;

        var byUpn = await graph.Users.GetAsync(r => r.QueryParameters.Filter = "userPrincipalName eq 'bulk099999@contoso.com'");
        var byMail = await graph.Users.GetAsync(r => r.QueryParameters.Filter = "mail eq 'bulk000001@contoso.com' or mail eq 'bulk000002@contoso.com'");
        var byAnchor = await graph.Users.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"onPremisesImmutableId eq '{target.OnPremisesImmutableId}'";
            r.QueryParameters.Count = true;
            r.Headers.Add("ConsistencyLevel", "eventual");
        });
        var byPrefix = await graph.Users.GetAsync(r =>
        {
            r.QueryParameters.Filter = "startswith(userPrincipalName,'bulk09999')";
            r.QueryParameters.Count = true;
            r.Headers.Add("ConsistencyLevel", "eventual");
        });

        Assert.Equal("bulk099999@contoso.com", Assert.Single(byUpn!.Value!).UserPrincipalName);
        Assert.Equal(2, byMail!.Value!.Count);
        Assert.Equal(target.Id, Assert.Single(byAnchor!.Value!).Id);
        Assert.Equal(10, byPrefix!.OdataCount);
    }
}
