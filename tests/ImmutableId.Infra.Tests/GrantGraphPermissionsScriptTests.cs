using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ImmutableId.EntraEmulator;
using ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.Infra.Tests;

/// <summary>
/// The postprovision grant script against the Entra emulator (in-process on 127.0.0.1). The managed identity starts
/// with Domain.Read.All only; the deployer's token carries Application.ReadWrite.All.
/// </summary>
public sealed class GrantGraphPermissionsScriptTests : IAsyncLifetime
{
    private const string DomainReadAll = "dbb9058a-0e50-45d7-ae91-66909b5d4664";
    private const string GrantPath = "/servicePrincipals/" + DemoTenant.GraphServicePrincipalId + "/appRoleAssignedTo";

    private EntraEmulatorHost _emulator = null!;
    private string _deployerToken = null!;

    public async Task InitializeAsync()
    {
        var demo = SeedJson.Demo();
        var seed = demo with
        {
            AppRoleAssignments = (demo.AppRoleAssignments ?? [])
                .Where(a => a.PrincipalId != DemoTenant.FunctionServicePrincipalId || a.AppRoleId == DomainReadAll)
                .ToList(),
        };
        _emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        _deployerToken = _emulator.MintToken(DemoTenant.DeployerAppId, ["Application.ReadWrite.All"]);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Run_MissingPermissions_GrantsEachOnceAndTheIdentityCanUseThem()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await CallAsFunctionAsync("/roleManagement/directory/roleAssignments?$filter=principalId eq 'x'"));

        var run = await RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        var grants = _emulator.RequestLog.WithMethod("POST").Where(e => e.Path == GrantPath).ToList();
        Assert.Equal(2, grants.Count);
        Assert.All(grants, g => Assert.Equal(201, g.Status));
        Assert.Equal(
            ["483bed4a-2ad3-4361-a73b-c83ccdbdc53c", "741f803b-c850-494e-b5df-cde7c675a1ca"], // RoleManagement.Read.Directory, User.ReadWrite.All
            grants.Select(g => (string)JsonNode.Parse(g.Body!)!["appRoleId"]!).Order());
        Assert.All(grants, g => Assert.Equal(DemoTenant.FunctionServicePrincipalId, (string?)JsonNode.Parse(g.Body!)!["principalId"]));
        Assert.Contains("Domain.Read.All: already granted", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(_deployerToken, run.StandardOutput + run.StandardError, StringComparison.Ordinal);

        // A token the identity gets now carries the new roles (as Entra would issue it) and Graph accepts it.
        Assert.Equal(HttpStatusCode.OK, await CallAsFunctionAsync("/roleManagement/directory/roleAssignments?$filter=principalId eq 'x'"));
        Assert.Equal(HttpStatusCode.OK, await CallAsFunctionAsync("/domains"));
        Assert.Equal(HttpStatusCode.OK, await CallAsFunctionAsync("/users?$select=id"));
    }

    [Fact]
    public async Task Run_CloudSync_AlsoGrantsSynchronizationReadWriteAllOnlyThen()
    {
        var run = await RunAsync("-CloudSync");

        Assert.True(run.ExitCode == 0, run.ToString());
        var granted = _emulator.RequestLog.WithMethod("POST").Where(e => e.Path == GrantPath).Select(g => (string)JsonNode.Parse(g.Body!)!["appRoleId"]!).ToList();
        Assert.Contains("9b50c33d-700f-43b1-b2eb-87e89b703581", granted); // Synchronization.ReadWrite.All
        Assert.Equal(3, granted.Count);
        Assert.Contains("Synchronization.ReadWrite.All: granted", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SecondTime_ChangesNothing()
    {
        var first = await RunAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        _emulator.RequestLog.Clear();

        var second = await RunAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(_emulator.RequestLog.WithMethod("POST"));
        Assert.Contains("0 granted, 3 already held", second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ByPrincipalObjectId_GrantsTheSame()
    {
        var run = await GrantGraphPermissionsScript.RunAsync(_deployerToken,
            "-GraphBaseUrl", _emulator.GraphBaseUrl, "-ManagedIdentityPrincipalId", DemoTenant.FunctionServicePrincipalId);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, _emulator.RequestLog.WithMethod("POST").Count);
    }

    [Fact]
    public async Task Run_GraphThrottles_HonoursRetryAfterAndStillGrantsOnce()
    {
        _emulator.Faults = new ImmutableId.EntraEmulator.Faults.FaultSettings(ThrottleNextRequests: 2, ThrottleRetryAfterSeconds: 1);

        var run = await RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, _emulator.RequestLog.Entries.Count(e => e.Status == 429));
        Assert.Equal(2, _emulator.RequestLog.WithMethod("POST").Count(e => e.Status == 201));
    }

    [Fact]
    public async Task Run_DryRun_WritesNothing()
    {
        var run = await RunAsync("-DryRun");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(_emulator.RequestLog.WithMethod("POST"));
        Assert.Contains("User.ReadWrite.All: would grant", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("RoleManagement.Read.Directory: would grant", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("2 would be granted, 1 already held", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, await CallAsFunctionAsync("/roleManagement/directory/roleAssignments?$filter=principalId eq 'x'"));
    }

    [Fact]
    public async Task Run_CallerWithoutGrantPermission_FailsWithGraphsErrorAndWritesNothing()
    {
        var weakToken = _emulator.MintToken(DemoTenant.DeployerAppId, ["User.Read.All"]);

        var run = await GrantGraphPermissionsScript.RunAsync(weakToken,
            "-GraphBaseUrl", _emulator.GraphBaseUrl, "-ManagedIdentityClientId", DemoTenant.FunctionAppId);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("403 Authorization_RequestDenied", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("AppRoleAssignment.ReadWrite.All", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(_emulator.RequestLog.WithMethod("POST"));
    }

    [Fact]
    public async Task Run_AsTheHookWithARefusedGrant_TokenForTheEnvironmentsTenantAndPrintsWhatAnAdministratorRuns()
    {
        // The deployer is signed in to the Azure CLI (a fake az on PATH hands out a token only for --tenant
        // AZURE_TENANT_ID) but may not grant app roles: Graph (the emulator) answers 403.
        using var az = FakeAzureCli.Create(DemoTenant.TenantId, _emulator.MintToken(DemoTenant.DeployerAppId, ["User.Read.All"]));

        var run = await GrantGraphPermissionsScript.RunAsync(az.HookEnvironment(_emulator.GraphBaseUrl));

        Assert.Equal(1, run.ExitCode); // the hook fails; azure.yaml's continueOnError lets azd up deploy anyway
        Assert.Contains($"account get-access-token --resource-type ms-graph --tenant {DemoTenant.TenantId}", az.Calls(), StringComparison.Ordinal);
        Assert.Empty(_emulator.RequestLog.WithMethod("POST"));
        Assert.Contains(_emulator.RequestLog.Entries, e => e.Status == 403);
        Assert.Contains("403 Authorization_RequestDenied", run.StandardError, StringComparison.Ordinal);
        var stdout = run.StandardOutput;
        Assert.Contains("NOT granted", stdout, StringComparison.Ordinal);
        Assert.Contains($"az login --tenant {DemoTenant.TenantId}", stdout, StringComparison.Ordinal);
        Assert.Contains($"pwsh ./infra/scripts/grant-graph-permissions.ps1 -ManagedIdentityClientId {DemoTenant.FunctionAppId} -TenantId {DemoTenant.TenantId}", stdout, StringComparison.Ordinal);
        Assert.Contains($"MI_SP={DemoTenant.FunctionServicePrincipalId}", stdout, StringComparison.Ordinal);
        Assert.Contains("for PERMISSION in User.ReadWrite.All Domain.Read.All RoleManagement.Read.Directory; do", stdout, StringComparison.Ordinal);
        Assert.Contains($"az rest --method POST --uri \"{_emulator.GraphBaseUrl.TrimEnd('/')}/servicePrincipals/$GRAPH_SP/appRoleAssignedTo\"", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(az.Token, stdout + run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AsTheHookWithAnAdministrator_GrantsWithTheTokenForTheEnvironmentsTenant()
    {
        using var az = FakeAzureCli.Create(DemoTenant.TenantId, _deployerToken);

        var run = await GrantGraphPermissionsScript.RunAsync(az.HookEnvironment(_emulator.GraphBaseUrl));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"--tenant {DemoTenant.TenantId}", az.Calls(), StringComparison.Ordinal);
        Assert.Equal(2, _emulator.RequestLog.WithMethod("POST").Count(e => e.Status == 201));
        Assert.DoesNotContain("NOT granted", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AsTheHookSignedIntoAnotherTenantOnly_GrantsNothingAndPrintsWhatAnAdministratorRuns()
    {
        // The CLI has no token for AZURE_TENANT_ID (fake az answers only for another tenant): no call to Graph at all.
        using var az = FakeAzureCli.Create("99999999-0000-4000-8000-0000000000ff", _deployerToken);

        var run = await GrantGraphPermissionsScript.RunAsync(az.HookEnvironment(_emulator.GraphBaseUrl));

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(_emulator.RequestLog.Entries);
        Assert.Contains($"az login --tenant {DemoTenant.TenantId}", run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"az login --tenant {DemoTenant.TenantId}", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownIdentity_FailsWithoutWriting()
    {
        var run = await GrantGraphPermissionsScript.RunAsync(_deployerToken,
            "-GraphBaseUrl", _emulator.GraphBaseUrl, "-ManagedIdentityClientId", "99999999-0000-4000-8000-000000000009");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("found 0", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(_emulator.RequestLog.WithMethod("POST"));
    }

    [Fact]
    public async Task Run_PlainHttpToARemoteHost_IsRefusedBeforeAnyRequest()
    {
        var run = await GrantGraphPermissionsScript.RunAsync(_deployerToken,
            "-GraphBaseUrl", "http://graph.example.invalid/v1.0", "-ManagedIdentityClientId", DemoTenant.FunctionAppId);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("must use https", run.StandardError, StringComparison.Ordinal);
    }

    private Task<PowerShellRun> RunAsync(params string[] extra) =>
        GrantGraphPermissionsScript.RunAsync(_deployerToken,
            ["-GraphBaseUrl", _emulator.GraphBaseUrl, "-ManagedIdentityClientId", DemoTenant.FunctionAppId, .. extra]);

    private async Task<HttpStatusCode> CallAsFunctionAsync(string relativeUrl)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _emulator.GraphBaseUrl + relativeUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _emulator.MintToken(DemoTenant.FunctionAppId));
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
