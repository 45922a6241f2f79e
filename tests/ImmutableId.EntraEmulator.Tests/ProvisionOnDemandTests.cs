using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.EntraEmulator.Tests;

/// <summary>Cloud Sync provisionOnDemand: hard match links, the 2026 hardening and soft-match conflicts fail with Entra's messages.</summary>
public sealed class ProvisionOnDemandTests
{
    private const string SyncSp = "55555555-0000-4000-8000-000000000001";
    private const string JobId = "AD2AADProvisioning.0123456789abcdef.11111111-2222-3333-4444-555555555555";
    private const string RuleId = "6c409270-f78a-4bc6-af23-7cf3ab6482fe";
    private const string AdeleDn = "CN=Adele Vance,OU=Staff,DC=contoso,DC=com";
    private const string AdeleAnchor = "9+XToSwLbk2PEBorPE1eAQ==";
    private const string AdeleGuid = "a1d3e5f7-0b2c-4d6e-8f10-2a3b4c5d6e01";

    private static TenantSeed Seed(Func<SeedUser, SeedUser>? adele = null, params SeedRoleAssignment[] eligible)
    {
        var demo = SeedJson.Demo();
        return demo with
        {
            Users = [.. demo.Users!.Select(u => u.Id == DemoTenant.Users.Adele && adele is not null ? adele(u) : u)],
            RoleEligibilities = [.. demo.RoleEligibilities ?? [], .. eligible],
            SyncJobs = [new SeedSyncJob(SyncSp, JobId, RuleId, [new SeedOnPremUser(AdeleDn, AdeleAnchor, "adele.vance@contoso.com", AdeleGuid, "AdeleV", "contoso.com")])],
        };
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Key, JsonNode? Value)> ProvisionAsync(EntraEmulatorHost emulator, string dn = AdeleDn, string ruleId = RuleId, params string[] roles)
    {
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId, roles.Length == 0 ? ["Synchronization.ReadWrite.All"] : roles));
        var body = $"{{\"parameters\":[{{\"ruleId\":\"{ruleId}\",\"subjects\":[{{\"objectId\":{JsonSerializer.Serialize(dn)},\"objectTypeName\":\"user\"}}]}}]}}";
        var response = await http.PostAsync($"v1.0/servicePrincipals/{SyncSp}/synchronization/jobs/{JobId}/provisionOnDemand", new StringContent(body, Encoding.UTF8, "application/json"));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null, null);
        }

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, JsonNode.Parse((string)json["key"]!), JsonNode.Parse((string)json["value"]!));
    }

    [Fact]
    public async Task ProvisionOnDemand_AnchorMatches_LinksTheCloudUser()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = Seed(u => u with { OnPremisesImmutableId = AdeleAnchor }) });

        var (status, key, value) = await ProvisionAsync(emulator);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Success", (string?)key!["result"]);
        Assert.Contains(value!["provisioningSteps"]!.AsArray(), s => (string?)s!["type"] == "Export" && (string?)s["status"] == "Success");
        var adele = emulator.FindUser(DemoTenant.Users.Adele)!;
        Assert.True(adele.OnPremisesSyncEnabled);
        Assert.Equal(AdeleDn, adele.OnPremisesDistinguishedName);
        Assert.Equal(AdeleGuid, adele.OnPremisesObjectIdentifier);
        Assert.Equal("AdeleV", adele.OnPremisesSamAccountName);

        var (_, again, _) = await ProvisionAsync(emulator);
        Assert.Equal("Skipped", (string?)again!["result"]);
    }

    [Fact]
    public async Task ProvisionOnDemand_ObjectIdentifierOfAnotherObject_HardeningBlockNothingChanged()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions
        {
            Seed = Seed(u => u with { OnPremisesImmutableId = AdeleAnchor, OnPremisesObjectIdentifier = "0f0e0d0c-0b0a-0908-0706-050403020100" }),
        });

        var (_, key, _) = await ProvisionAsync(emulator);

        Assert.Equal("Failure", (string?)key!["result"]);
        Assert.Equal("Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.", (string?)key["details"]!["errorMessage"]);
        Assert.NotEqual(true, emulator.FindUser(DemoTenant.Users.Adele)!.OnPremisesSyncEnabled);
    }

    [Fact]
    public async Task ProvisionOnDemand_EligibleRoleHolder_HardeningBlock()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions
        {
            Seed = Seed(u => u with { OnPremisesImmutableId = AdeleAnchor }, new SeedRoleAssignment(DemoTenant.Users.Adele, "729827e3-9c14-49f7-bb1b-9608f156bbb8")),
        });

        var (_, key, _) = await ProvisionAsync(emulator);

        Assert.Equal("HardMatchBlockedSecurityHardening", (string?)key!["details"]!["errorCode"]);
    }

    [Fact]
    public async Task ProvisionOnDemand_UpnMatchesButAnotherAnchor_InvalidSoftMatchWithConnectsText()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = Seed(u => u with { OnPremisesImmutableId = "AAECAwQFBgcICQoLDA0ODw==" }) });

        var (_, key, value) = await ProvisionAsync(emulator);

        Assert.Equal("InvalidSoftMatch", (string?)key!["details"]!["errorCode"]);
        Assert.Contains("may already be associated with another object", (string?)key["details"]!["errorMessage"], StringComparison.Ordinal);
        Assert.Contains(value!["provisioningSteps"]!.AsArray(), s => (string?)s!["status"] == "Failure" && (string?)s["type"] == "Matching");
        Assert.Equal("AAECAwQFBgcICQoLDA0ODw==", emulator.FindUser(DemoTenant.Users.Adele)!.OnPremisesImmutableId);
    }

    [Fact]
    public async Task ProvisionOnDemand_NoImmutableId_SoftMatchLinksAndWritesTheAnchor()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = Seed() });

        var (_, key, _) = await ProvisionAsync(emulator);

        Assert.Equal("Success", (string?)key!["result"]);
        Assert.Equal(AdeleAnchor, emulator.FindUser(DemoTenant.Users.Adele)!.OnPremisesImmutableId);
    }

    [Fact]
    public async Task ProvisionOnDemand_UnknownDn_FailureAtImport()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = Seed() });

        var (_, key, value) = await ProvisionAsync(emulator, dn: "CN=Nobody,OU=Staff,DC=contoso,DC=com");

        Assert.Equal("Failure", (string?)key!["result"]);
        Assert.Equal("Import", (string?)value!["provisioningSteps"]![0]!["type"]);
    }

    [Fact]
    public async Task ProvisionOnDemand_WrongRuleOrNoPermission_400Or403()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = Seed() });

        var (wrongRule, _, _) = await ProvisionAsync(emulator, ruleId: "00000000-0000-0000-0000-000000000000");
        var (noPermission, _, _) = await ProvisionAsync(emulator, roles: "User.ReadWrite.All");

        Assert.Equal(HttpStatusCode.BadRequest, wrongRule);
        Assert.Equal(HttpStatusCode.Forbidden, noPermission);
        Assert.NotEqual(true, emulator.FindUser(DemoTenant.Users.Adele)!.OnPremisesSyncEnabled);
    }

    [Fact]
    public async Task Schema_ListsTheAdRule()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = Seed() });
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId, ["Synchronization.ReadWrite.All"]));

        var schema = JsonNode.Parse(await http.GetStringAsync($"v1.0/servicePrincipals/{SyncSp}/synchronization/jobs/{JobId}/schema"))!;

        Assert.Equal(RuleId, (string?)schema["synchronizationRules"]![0]!["id"]);
        Assert.Equal("Active Directory", (string?)schema["synchronizationRules"]![0]!["sourceDirectoryName"]);
    }
}
