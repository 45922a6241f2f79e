extern alias EntraEmulator;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntraEmulator::ImmutableId.EntraEmulator;
using EntraEmulator::ImmutableId.EntraEmulator.Seeding;
using ImmutableId.Api.Auth;
using ImmutableId.Standalone.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// <c>POST /api/users/{user}/immutable-id/sync</c> end to end through the Standalone host: the sandbox's demo LDIF,
/// the emulator's Cloud Sync job (its agent sees the same AD users) and Sync:CloudSync configured.
/// </summary>
public sealed class SyncEndpointTests : IClassFixture<CloudSyncFactory>
{
    private readonly CloudSyncFactory _factory;
    private readonly HttpClient _client;

    public SyncEndpointTests(CloudSyncFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClientWithRoles(AppRoles.Read, AppRoles.Write);
        Emulator.LoadSeed(CloudSyncFactory.Seed());
    }

    private EntraEmulatorHost Emulator => _factory.Services.GetRequiredService<SandboxEnvironment>().Emulator;

    [Fact]
    public async Task MatchedThenSync_CloudUserIsLinkedAndTheAuditRecordsIt()
    {
        // Adele already holds her AD anchor (a set with Cloud Sync configured would have linked her at once).
        var seed = CloudSyncFactory.Seed();
        Emulator.LoadSeed(seed with
        {
            Users = [.. seed.Users!.Select(u => u.UserPrincipalName == "adele.vance@contoso.com" ? u with { OnPremisesImmutableId = "9+XToSwLbk2PEBorPE1eAQ==" } : u)],
        });

        var response = await _client.PostAsync("/api/users/adele.vance@contoso.com/immutable-id/sync?ticket=INC0100", null);

        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("succeeded", body.GetProperty("provisioning").GetProperty("outcome").GetString());
        Assert.True(body.GetProperty("linked").GetBoolean());
        Assert.True(body.GetProperty("after").GetProperty("cloud").GetProperty("onPremisesSyncEnabled").GetBoolean());
        Assert.Equal(CloudSyncFactory.AdeleDn, body.GetProperty("provisioning").GetProperty("distinguishedName").GetString());
        Assert.Equal(body.GetProperty("operationId").GetString(), Assert.Single(response.Headers.GetValues("X-Operation-Id")));
        var adele = Emulator.FindUser("adele.vance@contoso.com")!;
        Assert.True(adele.OnPremisesSyncEnabled);
        Assert.Equal(CloudSyncFactory.AdeleDn, adele.OnPremisesDistinguishedName);

        var operation = await BodyAsync(await _client.GetAsync($"/api/operations/{body.GetProperty("operationId").GetString()}"));
        Assert.Equal("sync", operation.GetProperty("operation").GetString());
        Assert.Equal("succeeded", operation.GetProperty("outcome").GetString());
        Assert.Equal("INC0100", operation.GetProperty("ticket").GetString());
    }

    [Fact]
    public async Task Sync_AnchorMismatch_409ProblemWithEntrasInvalidSoftMatchMessage()
    {
        var response = await _client.PostAsync("/api/users/alex.wilber@contoso.com/immutable-id/sync", null);

        var body = await BodyAsync(response);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ProvisioningFailed", body.GetProperty("code").GetString());
        Assert.Equal("InvalidSoftMatch", body.GetProperty("provisioning").GetProperty("errorCode").GetString());
        Assert.Contains("may already be associated with another object", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(body.GetProperty("nextSteps").EnumerateArray(), s => s.GetString()!.Contains("/api/diagnoses", StringComparison.Ordinal));
        Assert.NotEqual(true, Emulator.FindUser("alex.wilber@contoso.com")!.OnPremisesSyncEnabled);
    }

    [Fact]
    public async Task Sync_HardeningBlock_409ProblemWithEntrasMessage()
    {
        var response = await _client.PostAsync("/api/users/megan.o'brien@contoso.com/immutable-id/sync", null);

        var body = await BodyAsync(response);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Failure", body.GetProperty("provisioning").GetProperty("steps").EnumerateArray().Last().GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sync_PrivilegedTarget_403RefusedNothingCalled()
    {
        var response = await _client.PostAsync("/api/users/diego.siciliani@contoso.com/immutable-id/sync", null);

        var body = await BodyAsync(response);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(body.GetProperty("blockers").EnumerateArray(), b => b.GetProperty("code").GetString() == "PrivilegedTarget");
        Assert.Equal(body.GetProperty("operationId").GetString(), Assert.Single(response.Headers.GetValues("X-Operation-Id")));
        Assert.DoesNotContain(Emulator.RequestLog.Entries, e => e.Path.EndsWith("/provisionOnDemand", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_WithoutWriteRole_403()
    {
        var response = await _factory.CreateClientWithRoles(AppRoles.Read).PostAsync("/api/users/adele.vance@contoso.com/immutable-id/sync", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}

/// <summary><c>POST …/sync</c> without Sync:CloudSync: nothing is called and nextSteps names the Connect command.</summary>
public sealed class SyncNotConfiguredTests(StandaloneFactory factory) : IClassFixture<StandaloneFactory>
{
    [Fact]
    public async Task Sync_NotConfigured_200NextStepsNamesTheConnectCommand()
    {
        var response = await factory.CreateClientWithRoles(AppRoles.Write).PostAsync("/api/users/adele.vance@contoso.com/immutable-id/sync", null);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var body = JsonDocument.Parse(text);
        Assert.Equal("notConfigured", body.RootElement.GetProperty("provisioning").GetProperty("outcome").GetString());
        Assert.Contains(body.RootElement.GetProperty("nextSteps").EnumerateArray(), s => s.GetString()!.Contains("Start-ADSyncSyncCycle -PolicyType Delta", StringComparison.Ordinal));
        var emulator = factory.Services.GetRequiredService<SandboxEnvironment>().Emulator;
        Assert.DoesNotContain(emulator.RequestLog.Entries, e => e.Path.Contains("synchronization", StringComparison.Ordinal));
    }
}

/// <summary>The sandbox with Sync:CloudSync pointing at the emulator's Cloud Sync job.</summary>
public sealed class CloudSyncFactory : StandaloneFactory
{
    public const string SyncSp = "55555555-0000-4000-8000-000000000001";
    public const string JobId = "AD2AADProvisioning.0123456789abcdef.11111111-2222-3333-4444-555555555555";
    public const string RuleId = "6c409270-f78a-4bc6-af23-7cf3ab6482fe";
    public const string AdeleDn = "CN=Adele Vance,OU=Staff,DC=contoso,DC=com";
    private const string SynchronizationReadWriteAll = "9b50c33d-700f-43b1-b2eb-87e89b703581";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Sync:CloudSync:ServicePrincipalId"] = SyncSp,
        ["Sync:CloudSync:JobId"] = JobId,
    };

    /// <summary>
    /// The demo tenant plus: the function identity granted Synchronization.ReadWrite.All; Alex carrying another
    /// anchor; Megan holding her AD anchor but linked to another AD object before; the agent seeing the demo LDIF's users.
    /// </summary>
    public static TenantSeed Seed()
    {
        var demo = SeedJson.Demo();
        return demo with
        {
            Users = [.. demo.Users!.Select(u => u.UserPrincipalName switch
            {
                "alex.wilber@contoso.com" => u with { OnPremisesImmutableId = "AAECAwQFBgcICQoLDA0ODw==" },
                "megan.o'brien@contoso.com" => u with { OnPremisesImmutableId = "9+XToSwLbk2PEBorPE1eAw==", OnPremisesObjectIdentifier = LinkedElsewhereId },
                _ => u,
            })],
            AppRoleAssignments = [.. demo.AppRoleAssignments!, new SeedAppRoleAssignment(DemoTenant.FunctionServicePrincipalId, DemoTenant.GraphServicePrincipalId, SynchronizationReadWriteAll)],
            SyncJobs =
            [
                new SeedSyncJob(SyncSp, JobId, RuleId,
                [
                    new SeedOnPremUser(AdeleDn, "9+XToSwLbk2PEBorPE1eAQ==", "adele.vance@contoso.com", "a1d3e5f7-0b2c-4d6e-8f10-2a3b4c5d6e01", "AdeleV", "contoso.com"),
                    new SeedOnPremUser("CN=Alex Wilber,OU=Staff,DC=contoso,DC=com", "9+XToSwLbk2PEBorPE1eAg==", "alex.wilber@contoso.com", "a1d3e5f7-0b2c-4d6e-8f10-2a3b4c5d6e02", "AlexW", "contoso.com"),
                    new SeedOnPremUser("CN=Megan O'Brien,OU=Staff,DC=contoso,DC=com", "9+XToSwLbk2PEBorPE1eAw==", "megan.o'brien@contoso.com", "a1d3e5f7-0b2c-4d6e-8f10-2a3b4c5d6e03", "MeganB", "contoso.com"),
                ]),
            ],
        };
    }

    private const string LinkedElsewhereId = "0f0e0d0c-0b0a-0908-0706-050403020100";
}
