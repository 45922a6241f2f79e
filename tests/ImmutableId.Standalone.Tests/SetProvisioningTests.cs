extern alias EntraEmulator;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntraEmulator::ImmutableId.EntraEmulator;
using EntraEmulator::ImmutableId.EntraEmulator.Faults;
using EntraEmulator::ImmutableId.EntraEmulator.Seeding;
using ImmutableId.Api.Auth;
using ImmutableId.Standalone.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// A set with Sync:CloudSync configured is followed by provision on demand (issue 14): the answer and the set's own
/// audit record carry Entra's result — the accounts linked, or the step that failed with Entra's message.
/// </summary>
public sealed class SetProvisioningTests : IClassFixture<CloudSyncFactory>
{
    private const string OtherAnchor = "AAECAwQFBgcICQoLDA0OAA==";
    private const string HardeningMessage = "Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.";
    private const string LinkedElsewhereId = "0f0e0d0c-0b0a-0908-0706-050403020100";
    private readonly CloudSyncFactory _factory;
    private readonly HttpClient _client;

    public SetProvisioningTests(CloudSyncFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClientWithRoles(AppRoles.Read, AppRoles.Write);
        Emulator.Faults = new FaultSettings();
    }

    private EntraEmulatorHost Emulator => _factory.Services.GetRequiredService<SandboxEnvironment>().Emulator;

    [Fact]
    public async Task Set_CloudSyncConfigured_ProvisionsAndLinksAndTheSetsRecordSaysSo()
    {
        Emulator.LoadSeed(CloudSyncFactory.Seed());

        var response = await _client.PutAsJsonAsync("/api/users/adele.vance@contoso.com/immutable-id", new { ticket = "INC0200" });

        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("succeeded", body.GetProperty("outcome").GetString());
        Assert.Equal("succeeded", body.GetProperty("provisioning").GetProperty("outcome").GetString());
        Assert.Equal(CloudSyncFactory.AdeleDn, body.GetProperty("provisioning").GetProperty("distinguishedName").GetString());
        Assert.True(body.GetProperty("linked").GetBoolean());
        Assert.True(body.GetProperty("cloud").GetProperty("onPremisesSyncEnabled").GetBoolean());
        Assert.Contains(body.GetProperty("nextSteps").EnumerateArray(), s => s.GetString()!.StartsWith("Linked", StringComparison.Ordinal));
        var adele = Emulator.FindUser("adele.vance@contoso.com")!;
        Assert.True(adele.OnPremisesSyncEnabled);
        Assert.Equal(CloudSyncFactory.AdeleDn, adele.OnPremisesDistinguishedName);

        var record = await RecordAsync(response);
        Assert.Equal("set", record.GetProperty("operation").GetString());
        Assert.Equal("succeeded", record.GetProperty("outcome").GetString());
        var provisioning = record.GetProperty("provisioning");
        Assert.Equal("succeeded", provisioning.GetProperty("outcome").GetString());
        Assert.Equal("succeeded", provisioning.GetProperty("result").GetString());
        Assert.True(provisioning.GetProperty("linked").GetBoolean());
        Assert.Equal(JsonValueKind.Null, provisioning.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Set_AgentSeesAnotherAnchor_SetSucceedsProvisioningFailedWithEntrasInvalidSoftMatchMessage()
    {
        // Cloud Sync's AD view of Adele carries another anchor than the one the API wrote: hard match finds no one, soft
        // match on the UPN meets a user that now holds an immutable ID.
        var seed = CloudSyncFactory.Seed();
        var job = seed.SyncJobs![0];
        Emulator.LoadSeed(seed with
        {
            SyncJobs = [job with { OnPremUsers = [.. job.OnPremUsers!.Select(u => u.DistinguishedName == CloudSyncFactory.AdeleDn ? u with { SourceAnchor = OtherAnchor } : u)] }],
        });

        var response = await _client.PutAsJsonAsync("/api/users/adele.vance@contoso.com/immutable-id", new { ticket = "INC0201" });

        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("succeeded", body.GetProperty("outcome").GetString());
        var provisioning = body.GetProperty("provisioning");
        Assert.Equal("failed", provisioning.GetProperty("outcome").GetString());
        Assert.Equal("InvalidSoftMatch", provisioning.GetProperty("errorCode").GetString());
        Assert.Equal("EntryExportUpdate", provisioning.GetProperty("failedStep").GetString());
        Assert.Contains("may already be associated with another object", provisioning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(body.GetProperty("linked").GetBoolean());
        Assert.Contains(body.GetProperty("nextSteps").EnumerateArray(), s => s.GetString()!.Contains("/api/diagnoses", StringComparison.Ordinal));
        Assert.NotEqual(true, Emulator.FindUser("adele.vance@contoso.com")!.OnPremisesSyncEnabled);

        var record = await RecordAsync(response);
        Assert.Equal("succeeded", record.GetProperty("outcome").GetString());
        var recorded = record.GetProperty("provisioning");
        Assert.Equal("failed", recorded.GetProperty("outcome").GetString());
        Assert.Equal("EntryExportUpdate", recorded.GetProperty("failedStep").GetString());
        Assert.StartsWith("InvalidSoftMatch: Unable to update this object", recorded.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_LinkedElsewhereUnreadable_SetSucceedsProvisioningFailedWithTheHardeningMessage()
    {
        // onPremisesObjectIdentifier cannot be read (beta refused), so the set's CloudUserLinked check is unknown and the
        // write goes ahead; Entra's hardening then refuses the hard match, and the answer says so in Entra's words.
        var seed = CloudSyncFactory.Seed();
        Emulator.LoadSeed(seed with
        {
            Users = [.. seed.Users!.Select(u => u.UserPrincipalName == "megan.o'brien@contoso.com" ? u with { OnPremisesImmutableId = null, OnPremisesObjectIdentifier = LinkedElsewhereId } : u)],
        });
        Emulator.Faults = new FaultSettings(BetaErrorStatus: 403);

        var response = await _client.PutAsJsonAsync("/api/users/megan.o'brien@contoso.com/immutable-id", new { ticket = "INC0202" });

        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("succeeded", body.GetProperty("outcome").GetString());
        Assert.Contains(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("code").GetString() == "CloudUserLinked" && c.GetProperty("verdict").GetString() == "unknown");
        var provisioning = body.GetProperty("provisioning");
        Assert.Equal("failed", provisioning.GetProperty("outcome").GetString());
        Assert.Equal(HardeningMessage, provisioning.GetProperty("message").GetString());
        Assert.Equal("Failure", provisioning.GetProperty("steps").EnumerateArray().Last().GetProperty("status").GetString());

        var record = await RecordAsync(response);
        Assert.Contains(HardeningMessage, record.GetProperty("provisioning").GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_DryRun_NoProvisioningNothingCalled()
    {
        Emulator.LoadSeed(CloudSyncFactory.Seed());

        var response = await _client.PutAsJsonAsync("/api/users/adele.vance@contoso.com/immutable-id?dryRun=true", new { ticket = "INC0203" });

        var body = await BodyAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("planned", body.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("provisioning").ValueKind);
        Assert.DoesNotContain(Emulator.RequestLog.Entries, e => e.Path.EndsWith("/provisionOnDemand", StringComparison.Ordinal));
        var record = await RecordAsync(response);
        Assert.Equal(JsonValueKind.Null, record.GetProperty("provisioning").ValueKind);
    }

    private async Task<JsonElement> RecordAsync(HttpResponseMessage response)
    {
        var id = response.Headers.GetValues("X-Operation-Id").Single();
        var record = await _client.GetAsync($"/api/operations/{id}");
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        return await BodyAsync(record);
    }

    internal static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}

/// <summary>A set without Sync:CloudSync: nothing is provisioned and nextSteps names the exact Connect command.</summary>
public sealed class SetWithoutCloudSyncTests(StandaloneFactory factory) : IClassFixture<StandaloneFactory>
{
    [Fact]
    public async Task Set_CloudSyncNotConfigured_NextStepsNameTheConnectCommandNothingProvisioned()
    {
        var emulator = factory.Services.GetRequiredService<SandboxEnvironment>().Emulator;
        emulator.LoadSeed(SeedJson.Demo());

        var response = await factory.CreateClientWithRoles(AppRoles.Write).PutAsJsonAsync("/api/users/adele.vance@contoso.com/immutable-id", new { ticket = "INC0204" });

        var body = await SetProvisioningTests.BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("succeeded", body.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("provisioning").ValueKind);
        Assert.Contains(body.GetProperty("nextSteps").EnumerateArray(), s => s.GetString()!.Contains("on the Entra Connect server: Start-ADSyncSyncCycle -PolicyType Delta", StringComparison.Ordinal));
        Assert.DoesNotContain(emulator.RequestLog.Entries, e => e.Path.Contains("synchronization", StringComparison.Ordinal));
    }
}
