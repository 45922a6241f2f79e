using ImmutableId.Testing;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Diagnoses;
using ImmutableId.Api.Sync;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.OnPrem;
using ImmutableId.Core.Sync;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace ImmutableId.Functions.Tests;

/// <summary>The two thin function classes of issue 14, invoked directly: role gate, then the shared handler.</summary>
public sealed class SyncAndDiagnoseFunctionTests(FunctionsAuth auth) : IClassFixture<FunctionsAuth>
{
    private const string Upn = "adele.vance@contoso.com";

    private static HardMatchWorkflow Workflow()
    {
        var onPrem = new Mock<IOnPremDirectory>();
        onPrem.Setup(d => d.FindByUserPrincipalNameAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(OnPremLookup.Of(new OnPremUser("CN=Adele Vance,OU=Staff,DC=contoso,DC=com", Guid.Parse("35918bc9-196d-40ea-9779-889d79b753f0"), null, Upn, "adele", Upn, [], true, null, null)));
        var entra = new Mock<IEntraDirectory>();
        entra.SetupReads(_ => new CloudPreflight(new CloudUser("11111111-0000-4000-8000-000000000001", Upn, "Adele", Upn, "Member", true, null, null, null, null, null),
                DomainAuthentication.Managed, [], [], ObjectIdentifierRead.Answered(null)));
        return new HardMatchWorkflow(onPrem.Object, entra.Object, new PolicyOptions { AllowedUpnDomains = ["contoso.com"], AllowedOrganizationalUnits = ["OU=Staff,DC=contoso,DC=com"], VerifyDelayMilliseconds = 0 });
    }

    [Fact]
    public async Task DiagnoseFunction_GarbageText_422NotRecognised()
    {
        var function = new DiagnoseFunction(auth.Runner(new DiagnosisHandler(Workflow(), TimeProvider.System, NullLogger<DiagnosisHandler>.Instance)));
        var request = FunctionInvocation.JsonRequest("POST", "/api/diagnoses", "{\"text\":\"nothing known here\"}", auth.Issuer.AppToken(AppRoles.Read));

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, CancellationToken.None), request);

        Assert.Equal(422, status);
        Assert.Equal("SyncErrorNotRecognized", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task SyncFunction_ReadRoleOnly_403AndNothingCalled()
    {
        var provisioner = new Mock<ICloudSyncProvisioner>(MockBehavior.Strict);
        var function = new SyncImmutableIdFunction(auth.Runner(new SyncHandler(new CloudSyncService(provisioner.Object, Workflow()), Mock.Of<IAuditLog>(), TimeProvider.System, NullLogger<SyncHandler>.Instance)));
        var request = FunctionInvocation.JsonRequest("POST", $"/api/users/{Upn}/immutable-id/sync", null, auth.Issuer.AppToken(AppRoles.Read));

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, Upn, CancellationToken.None), request);

        Assert.Equal(403, status);
        Assert.Equal("InsufficientRole", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task SyncFunction_NotConfigured_NextStepsNameTheConnectCommand()
    {
        var function = new SyncImmutableIdFunction(auth.Runner(new SyncHandler(new CloudSyncService(NoCloudSyncProvisioner.Instance, Workflow()), Mock.Of<IAuditLog>(), TimeProvider.System, NullLogger<SyncHandler>.Instance)));
        var request = FunctionInvocation.JsonRequest("POST", $"/api/users/{Upn}/immutable-id/sync", null, auth.Issuer.AppToken(AppRoles.Write));

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, Upn, CancellationToken.None), request);

        Assert.Equal(200, status);
        Assert.Equal("notConfigured", body.GetProperty("provisioning").GetProperty("outcome").GetString());
        Assert.Contains(body.GetProperty("nextSteps").EnumerateArray(), s => s.GetString()!.Contains("Start-ADSyncSyncCycle -PolicyType Delta", StringComparison.Ordinal));
    }
}
