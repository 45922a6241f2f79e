using ImmutableId.Testing;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Sync;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.OnPrem;
using ImmutableId.Core.Sync;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace ImmutableId.Functions.Tests;

/// <summary>POST …/sync: every accepted call ends in a recorded outcome, and the intent is durable before Graph is called.</summary>
public sealed class SyncAuditOrderTests(FunctionsAuth auth) : IClassFixture<FunctionsAuth>
{
    private const string Upn = "adele.vance@contoso.com";
    private const string Dn = "CN=Adele Vance,OU=Staff,DC=contoso,DC=com";

    [Fact]
    public async Task SyncFunction_Configured_IntentBeforeTheCallThenTheOutcomeOnTheSameRecord()
    {
        var steps = new List<string>();
        var records = new List<AuditRecord>();
        var audit = new Mock<IAuditLog>(MockBehavior.Strict);
        audit.Setup(a => a.WriteIntentAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback<AuditRecord, CancellationToken>((r, _) => { steps.Add("intent"); records.Add(r); })
            .Returns(Task.CompletedTask);
        audit.Setup(a => a.WriteOutcomeAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback<AuditRecord, CancellationToken>((r, _) => { steps.Add("outcome"); records.Add(r); })
            .ReturnsAsync(true);
        var provisioner = new Mock<ICloudSyncProvisioner>(MockBehavior.Strict);
        provisioner.SetupGet(p => p.IsConfigured).Returns(true);
        provisioner.Setup(p => p.ProvisionAsync(Dn, It.IsAny<CancellationToken>()))
            .Callback(() => steps.Add("provision"))
            .ReturnsAsync(new ProvisioningResult(ProvisioningOutcome.Succeeded, Dn, null, null, null, [], "req-9"));
        var function = new SyncImmutableIdFunction(auth.Runner(new SyncHandler(new CloudSyncService(provisioner.Object, Workflow()), audit.Object, TimeProvider.System, NullLogger<SyncHandler>.Instance)));
        var request = FunctionInvocation.JsonRequest("POST", $"/api/users/{Upn}/immutable-id/sync", null, auth.Issuer.AppToken(AppRoles.Write));
        request.Headers["X-Ticket-Id"] = "INC0300";

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, Upn, CancellationToken.None), request);

        Assert.Equal(200, status);
        Assert.Equal(["intent", "provision", "outcome"], steps);
        var (intent, outcome) = (records[0], records[1]);
        Assert.Equal(AuditOutcome.Pending, intent.Outcome);
        Assert.Equal(AuditOperation.Sync, intent.Operation);
        Assert.Equal("INC0300", intent.Ticket);
        Assert.Equal(intent.OperationId, outcome.OperationId);
        Assert.Equal(intent.Time, outcome.Time);
        Assert.Equal(AuditOutcome.Succeeded, outcome.Outcome);
        Assert.Equal("req-9", outcome.GraphRequestId);
        Assert.Equal("succeeded", outcome.Provisioning?.Result);
        Assert.Equal(intent.OperationId.ToString(), body.GetProperty("operationId").GetString());
    }

    private static HardMatchWorkflow Workflow()
    {
        var onPrem = new Mock<IOnPremDirectory>();
        onPrem.Setup(d => d.FindByUserPrincipalNameAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(OnPremLookup.Of(new OnPremUser(Dn, Guid.Parse("35918bc9-196d-40ea-9779-889d79b753f0"), null, Upn, "adele", Upn, [], true, null, null)));
        var entra = new Mock<IEntraDirectory>();
        entra.SetupReads(_ => new CloudPreflight(new CloudUser("11111111-0000-4000-8000-000000000001", Upn, "Adele", Upn, "Member", true, null, true, null, null, null),
                DomainAuthentication.Managed, [], [], ObjectIdentifierRead.Answered(null)));
        return new HardMatchWorkflow(onPrem.Object, entra.Object, new PolicyOptions { AllowedUpnDomains = ["contoso.com"], AllowedOrganizationalUnits = ["OU=Staff,DC=contoso,DC=com"], VerifyDelayMilliseconds = 0 });
    }
}
