using System.Net;
using System.Text;
using ImmutableId.EntraEmulator.Seeding;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace ImmutableId.EntraEmulator.Tests;

public sealed class UserWriteTests
{
    private const string Anchor = "AAECAwQFBgcICQoLDA0ODw==";

    [Fact]
    public async Task Patch_SetThenClearWithNull_WritesAndClears()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        await graph.Users["adele.vance@contoso.com"].PatchAsync(new User { OnPremisesImmutableId = Anchor });
        var afterSet = await graph.Users[DemoTenant.Users.Adele].GetAsync(r => r.QueryParameters.Select = ["onPremisesImmutableId"]);
        await graph.Users[DemoTenant.Users.Adele].PatchAsync(new User { OnPremisesImmutableId = null });

        Assert.Equal(Anchor, afterSet!.OnPremisesImmutableId);
        Assert.Null(emulator.FindUser(DemoTenant.Users.Adele)!.OnPremisesImmutableId);
        var patches = emulator.RequestLog.WithMethod("PATCH");
        Assert.Equal(2, patches.Count);
        Assert.All(patches, p => Assert.Equal(204, p.Status));
        Assert.Contains("\"onPremisesImmutableId\":null", patches[1].Body!.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Patch_SameValueConcurrentlyOnManyUsers_ExactlyOneWins()
    {
        var seed = SeedJson.Demo() with { BulkUsers = [new SeedBulkUsers(20, "contoso.com")] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            http.PatchAsync($"v1.0/users/bulk{i:D6}@contoso.com", new StringContent($"{{\"onPremisesImmutableId\":\"{Anchor}\"}}", Encoding.UTF8, "application/json"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Patch_EmptyString_DoesNotClear()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        await graph.Users[DemoTenant.Users.NestorWithImmutableId].PatchAsync(new User { OnPremisesImmutableId = string.Empty });

        Assert.Equal(DemoTenant.Users.NestorImmutableId, emulator.FindUser(DemoTenant.Users.NestorWithImmutableId)!.OnPremisesImmutableId);
    }

    [Fact]
    public async Task Patch_ValueHeldByAnotherUser_ObjectConflictNamingTheHolder()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[DemoTenant.Users.Adele].PatchAsync(new User { OnPremisesImmutableId = DemoTenant.Users.NestorImmutableId }));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("Request_BadRequest", error.Error!.Code);
        Assert.Equal("Another object with the same value for property onPremisesImmutableId already exists.", error.Error.Message);
        Assert.Contains(error.Error.Details!, d => d.Code == "ObjectConflict" && d.Target == "onPremisesImmutableId");
        Assert.Contains(error.Error.Details!, d => d.Code == "ConflictingObjects" && d.Target == $"User_{DemoTenant.Users.NestorWithImmutableId}");
        Assert.Null(emulator.FindUser(DemoTenant.Users.Adele)!.OnPremisesImmutableId);
    }

    [Fact]
    public async Task Patch_ValueHeldBySoftDeletedUser_Conflicts()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[DemoTenant.Users.Adele].PatchAsync(new User { OnPremisesImmutableId = DemoTenant.Users.DeletedUserImmutableId }));

        Assert.Contains(error.Error!.Details!, d => d.Code == "ObjectConflict");
    }

    [Fact]
    public async Task Patch_SyncedUser_400OnPremMastered()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[DemoTenant.Users.LeeSynced].PatchAsync(new User { OnPremisesImmutableId = Anchor }));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("Request_BadRequest", error.Error!.Code);
        Assert.Equal("Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.", error.Error.Message);
    }

    [Theory]
    [InlineData("abc$def")]
    [InlineData("abc_def")]
    [InlineData("abc def")]
    public async Task Patch_InvalidCharacters_400InvalidValue(string value)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[DemoTenant.Users.Adele].PatchAsync(new User { OnPremisesImmutableId = value }));

        Assert.Equal("Request_BadRequest", error.Error!.Code);
        Assert.Equal("Invalid value specified for property 'onPremisesImmutableId' of resource 'User'.", error.Error.Message);
        Assert.Contains(error.Error.Details!, d => d.Target == "onPremisesImmutableId");
    }

    [Fact]
    public async Task Patch_FederatedDomain_400ThenWorkaroundThroughOnMicrosoftDomainSucceeds()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[DemoTenant.Users.PradeepFederated].PatchAsync(new User { OnPremisesImmutableId = Anchor }));
        await graph.Users[DemoTenant.Users.PradeepFederated].PatchAsync(new User { UserPrincipalName = "pradeep.gupta@contoso.onmicrosoft.com" });
        await graph.Users[DemoTenant.Users.PradeepFederated].PatchAsync(new User { OnPremisesImmutableId = Anchor });
        await graph.Users[DemoTenant.Users.PradeepFederated].PatchAsync(new User { UserPrincipalName = "pradeep.gupta@fabrikam.com" });

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Contains("federated", error.Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(error.Error.Details!, d => d.Code == "FederatedDomain");
        var user = emulator.FindUser(DemoTenant.Users.PradeepFederated)!;
        Assert.Equal(("pradeep.gupta@fabrikam.com", Anchor), (user.UserPrincipalName, user.OnPremisesImmutableId));
    }

    [Fact]
    public async Task Patch_UpnIntoFederatedDomainWithoutImmutableId_400()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[DemoTenant.Users.Adele].PatchAsync(new User { UserPrincipalName = "adele.vance@fabrikam.com" }));

        Assert.Equal(400, error.ResponseStatusCode);
    }

    [Theory]
    [InlineData("alex.wilber@contoso.com", "ObjectConflict")]
    [InlineData("adele@unknown-domain.com", "InvalidValue")]
    [InlineData("zoë@contoso.com", "InvalidValue")]
    [InlineData("no-at-sign", "InvalidValue")]
    public async Task Patch_BadUpn_400WithDetail(string upn, string detailCode)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[DemoTenant.Users.Adele].PatchAsync(new User { UserPrincipalName = upn }));

        Assert.Contains(error.Error!.Details!, d => d.Code == detailCode && d.Target == "userPrincipalName");
    }

    [Fact]
    public async Task Patch_DisplayName_Written()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        await graph.Users[DemoTenant.Users.Adele].PatchAsync(new User { DisplayName = "Adele V." });

        Assert.Equal("Adele V.", emulator.FindUser(DemoTenant.Users.Adele)!.DisplayName);
    }

    [Theory]
    [InlineData(DemoTenant.Users.DiegoGlobalAdmin)]
    [InlineData(DemoTenant.Users.LynneViaGroup)]
    public async Task Patch_PrivilegedTargetWithoutCallerRole_403(string userId)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[userId].PatchAsync(new User { OnPremisesImmutableId = Anchor }));

        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Equal("Authorization_RequestDenied", error.Error!.Code);
        Assert.Equal("Insufficient privileges to complete the operation.", error.Error.Message);
        Assert.Null(emulator.FindUser(userId)!.OnPremisesImmutableId);
    }

    [Fact]
    public async Task Patch_PrivilegedTargetWhenCallerIsPrivilegedAuthenticationAdministrator_204()
    {
        var seed = SeedJson.Demo();
        seed = seed with { RoleAssignments = [.. seed.RoleAssignments!, new SeedRoleAssignment(DemoTenant.FunctionServicePrincipalId, "7be44c8a-adaf-4e2a-84d6-ab2649e08a13")] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        var graph = GraphClients.ForFunction(emulator);

        await graph.Users[DemoTenant.Users.DiegoGlobalAdmin].PatchAsync(new User { OnPremisesImmutableId = Anchor });

        Assert.Equal(Anchor, emulator.FindUser(DemoTenant.Users.DiegoGlobalAdmin)!.OnPremisesImmutableId);
    }

    [Fact]
    public async Task Patch_UnknownUser_404()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users["ghost@contoso.com"].PatchAsync(new User { OnPremisesImmutableId = Anchor }));

        Assert.Equal(404, error.ResponseStatusCode);
        Assert.Equal("Request_ResourceNotFound", error.Error!.Code);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"onPremisesImmutableId\": 5}")]
    [InlineData("{\"id\": \"x\"}")]
    [InlineData("{\"favouriteColour\": \"x\"}")]
    public async Task Patch_BadBody_400(string body)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        using var response = await http.PatchAsync($"v1.0/users/{DemoTenant.Users.Adele}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(emulator.FindUser(DemoTenant.Users.Adele)!.OnPremisesImmutableId);
    }
}
