using ImmutableId.Core.Entra;
using ImmutableId.EntraEmulator;
using ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.Entra.Tests;

/// <summary>
/// Every value the adapter puts into a Graph URL reaches Graph as sent. The SDK's <c>$batch</c> content writes each
/// step's URL percent-decoded, so a <c>+</c> in a <c>$filter</c> literal arrived as a space (Graph and the emulator read
/// an unencoded <c>+</c> in a query as a space) and the holder of an anchor with a <c>+</c> was never found; an
/// <c>&amp;</c> or <c>#</c> would split the URL.
/// </summary>
public sealed class GraphQueryEncodingTests
{
    private const string HolderId = "99999999-0000-4000-8000-0000000000a1";

    [Theory]
    [InlineData("9+XToSwLbk2PEBorPE1eAg==")]      // '+'
    [InlineData("9/XToSwLbk2PEBorPE1eAg==")]      // '/'
    [InlineData("a+b/XToSwLbk2PEBo+PE1e==")]      // all three
    [InlineData("9XToSwLbk2PEBorPE1eAgQ=")]       // '=' only
    public async Task GetPreflightAsync_AnchorWithReservedCharacters_FindsItsHolder(string anchor)
    {
        var seed = SeedJson.Demo() with { Users = [.. SeedJson.Demo().Users!, new SeedUser(HolderId, "holder@contoso.com", OnPremisesImmutableId: anchor)] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync("adele.vance@contoso.com", anchor);

        Assert.Equal(HolderId, Assert.Single(preflight.AnchorHolders).Id);
        var holders = Assert.Single(emulator.RequestLog.Entries, e => e.Path == "/users" && e.BatchRequestId is not null);
        Assert.Contains($"onPremisesImmutableId eq '{anchor}'", holders.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("first+tag@contoso.com")]
    [InlineData("r&d@contoso.com")]
    [InlineData("o'hara+x@contoso.com")]
    [InlineData("guest_fabrikam.com#EXT#@contoso.onmicrosoft.com")]
    public async Task GetPreflightAsync_UpnWithReservedCharacters_ResolvedAndEveryFactRead(string upn)
    {
        const string Id = "99999999-0000-4000-8000-0000000000b2";
        var seed = SeedJson.Demo() with { Users = [.. SeedJson.Demo().Users!, new SeedUser(Id, upn)] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync(upn, DemoTenant.Users.NestorImmutableId);

        Assert.Equal(Id, preflight.User!.Id);
        Assert.Equal(upn, preflight.User.UserPrincipalName);
        Assert.True(preflight.ObjectIdentifier!.WasRead);
        Assert.Equal(DemoTenant.Users.NestorWithImmutableId, Assert.Single(preflight.AnchorHolders).Id);
        Assert.DoesNotContain(emulator.RequestLog.Entries, e => e.Status >= 400);
        var user = await services.Directory().GetUserAsync(upn);
        Assert.Equal(Id, user!.Id);
    }

    [Fact]
    public async Task GetFactsAsync_DomainReadOncePerCacheDuration()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        await services.Directory().GetPreflightAsync("adele.vance@contoso.com", null);
        await services.Directory().GetPreflightAsync("alex.wilber@contoso.com", null);
        var second = await services.Directory().GetPreflightAsync("pradeep.gupta@fabrikam.com", null);

        Assert.Equal(DomainAuthentication.Federated, second.UpnDomainAuthentication);
        Assert.Equal(["/domains/contoso.com", "/domains/fabrikam.com"], emulator.RequestLog.Entries.Where(e => e.Path.StartsWith("/domains", StringComparison.Ordinal)).Select(e => e.Path));
    }

    [Fact]
    public async Task GetFactsAsync_DomainCacheOff_ReadEveryTime()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator, extra: new Dictionary<string, string?> { ["Entra:DomainCacheDuration"] = "00:00:00" });

        await services.Directory().GetPreflightAsync("adele.vance@contoso.com", null);
        await services.Directory().GetPreflightAsync("alex.wilber@contoso.com", null);

        Assert.Equal(2, emulator.RequestLog.Entries.Count(e => e.Path == "/domains/contoso.com"));
    }

    [Theory]
    [InlineData("ghost+x@contoso.com")]
    [InlineData("zoë.ünknown@contoso.com")]
    [InlineData("a/b&c#d'e@contoso.com")]
    public async Task ResolveUserAsync_UnknownUser_NoFactsRead(string upn)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync(upn, DemoTenant.Users.NestorImmutableId);

        Assert.Null(preflight.User);
        Assert.DoesNotContain(emulator.RequestLog.Entries, e => e.Status >= 500);
        Assert.DoesNotContain(emulator.RequestLog.Entries, e => e.Path == "/$batch");
    }
}
