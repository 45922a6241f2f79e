using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.OnPrem;
using Moq;

namespace ImmutableId.Core.Tests.HardMatch;

public sealed class HardMatchWorkflowTests
{
    [Fact]
    public async Task SetAsync_CloudOnlyUser_WritesObjectGuidAnchorAndVerifies()
    {
        var f = new WorkflowFixture();

        var result = await f.Build().SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
        Assert.Equal(WorkflowFixture.ObjectGuidImmutableId, f.Written);
        Assert.Null(result.Before);
        Assert.Equal(WorkflowFixture.ObjectGuidImmutableId, result.After);
        Assert.Equal(AnchorSource.ObjectGuid, result.AnchorSource);
        Assert.True(result.Verified);
        Assert.True(result.WriteAttempted);
        Assert.Equal("req-1", result.GraphRequestId);
        Assert.Equal(WorkflowFixture.CloudId, result.CloudUser!.Id);
        Assert.Equal("INC0001", result.Ticket);
        Assert.Empty(result.Blockers);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task SetAsync_ConsistencyGuidSet_WritesConsistencyGuidAndWarnsMismatch()
    {
        var f = new WorkflowFixture();
        f.OnPremUser = f.OnPremUser with { ConsistencyGuid = WorkflowFixture.Anchor(WorkflowFixture.OtherGuid) };

        var result = await f.Build().SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
        Assert.Equal(WorkflowFixture.Anchor(WorkflowFixture.OtherGuid).ToImmutableId(), f.Written);
        Assert.Equal(AnchorSource.ConsistencyGuid, result.AnchorSource);
        Assert.Equal([GuardrailCode.AnchorSourceMismatch], result.Warnings.Select(w => w.Code));
    }

    [Fact]
    public async Task SetAsync_SourceObjectGuidWithConsistencyGuid_WritesObjectGuid()
    {
        var f = new WorkflowFixture();
        f.OnPremUser = f.OnPremUser with { ConsistencyGuid = WorkflowFixture.Anchor(WorkflowFixture.OtherGuid) };

        var result = await f.Build().SetAsync(WorkflowFixture.Set(source: AnchorSourcePreference.ObjectGuid));

        Assert.Equal(WorkflowFixture.ObjectGuidImmutableId, f.Written);
        Assert.Equal(AnchorSource.ObjectGuid, result.AnchorSource);
        Assert.Contains(result.Warnings, w => w.Code == GuardrailCode.AnchorSourceMismatch && w.Detail.Contains("NOT match", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetAsync_SourceConsistencyGuidMissing_RefusesWithoutWriting()
    {
        var f = new WorkflowFixture();

        var result = await f.Build().SetAsync(WorkflowFixture.Set(source: AnchorSourcePreference.ConsistencyGuid));

        Assert.Equal(HardMatchOutcome.Refused, result.Outcome);
        Assert.Equal([GuardrailCode.AnchorSourceUnavailable], result.Blockers.Select(b => b.Code));
        Assert.Equal(0, f.Writes);
    }

    [Fact]
    public async Task SetAsync_ByObjectGuid_FindsCloudUserByOnPremUpn()
    {
        var f = new WorkflowFixture();

        var result = await f.Build().SetAsync(WorkflowFixture.Set(WorkflowFixture.ObjectGuid.ToString()));

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
        Assert.Equal(WorkflowFixture.Upn, result.TargetUserPrincipalName);
        f.OnPrem.Verify(d => d.FindByObjectGuidAsync(WorkflowFixture.ObjectGuid, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SetAsync_ByObjectGuidWithoutUpnInAd_RefusesCloudUserNotFound()
    {
        var f = new WorkflowFixture();
        f.OnPremUser = f.OnPremUser with { UserPrincipalName = null };

        var result = await f.Build().SetAsync(WorkflowFixture.Set(WorkflowFixture.ObjectGuid.ToString()));

        Assert.Equal([GuardrailCode.CloudUserNotFound], result.Blockers.Select(b => b.Code));
        f.Entra.Verify(d => d.ResolveUserAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        f.Entra.Verify(d => d.GetFactsAsync(It.IsAny<CloudUserResolution>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task SetAsync_DryRun_PlansTheExactValueAndWritesNothing()
    {
        var f = new WorkflowFixture();

        var result = await f.Build().SetAsync(WorkflowFixture.Set(dryRun: true));

        Assert.Equal(HardMatchOutcome.Planned, result.Outcome);
        Assert.True(result.DryRun);
        Assert.Equal(WorkflowFixture.ObjectGuidImmutableId, result.After);
        Assert.Null(result.Verified);
        Assert.False(result.WriteAttempted);
        Assert.Equal(0, f.Writes);
        Assert.Equal(["outcome"], f.Events);
    }

    [Fact]
    public async Task PlanAsync_Always_WritesNothing()
    {
        var f = new WorkflowFixture();

        var result = await f.Build().PlanAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.Planned, result.Outcome);
        Assert.Equal(0, f.Writes);
    }

    [Fact]
    public async Task SetAsync_AlreadyMatched_SucceedsWithoutWriting()
    {
        var f = new WorkflowFixture();
        f.CloudUser = f.CloudUser with { OnPremisesImmutableId = WorkflowFixture.ObjectGuidImmutableId };

        var result = await f.Build().SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.NoChange, result.Outcome);
        Assert.Equal([GuardrailCode.AlreadyMatched], result.Warnings.Select(w => w.Code));
        Assert.Equal(MatchState.Matched, result.MatchState);
        Assert.Equal(0, f.Writes);
    }

    public static TheoryData<string, GuardrailCode> Blockers => new()
    {
        { "synced", GuardrailCode.CloudUserSynced },
        { "linked", GuardrailCode.CloudUserLinked },
        { "active", GuardrailCode.PrivilegedTarget },
        { "eligible", GuardrailCode.PrivilegedTarget },
        { "group", GuardrailCode.PrivilegedTarget },
        { "alreadySet", GuardrailCode.ImmutableIdAlreadySet },
        { "holder", GuardrailCode.AnchorInUse },
        { "federated", GuardrailCode.FederatedDomain },
        { "domainOutOfScope", GuardrailCode.OutOfScope },
        { "ouOutOfScope", GuardrailCode.OutOfScope },
        { "disabled", GuardrailCode.OnPremAccountDisabled },
        { "adminCount", GuardrailCode.ProtectedOnPremAccount },
        { "guest", GuardrailCode.GuestUser },
        { "noCloud", GuardrailCode.CloudUserNotFound },
        { "noOnPrem", GuardrailCode.OnPremUserNotFound },
        { "ambiguous", GuardrailCode.AmbiguousOnPremUser },
        { "hintMismatch", GuardrailCode.ObjectGuidMismatch },
    };

    [Theory]
    [MemberData(nameof(Blockers))]
    public async Task SetAsync_Guardrail_RefusesWithItsCodeAndWritesNothing(string scenario, GuardrailCode code)
    {
        var f = new WorkflowFixture();
        Guid? hint = null;
        switch (scenario)
        {
            case "synced": f.CloudUser = f.CloudUser with { OnPremisesSyncEnabled = true }; break;
            case "linked": f.CloudUser = f.CloudUser with { OnPremisesObjectIdentifier = WorkflowFixture.OtherGuid.ToString() }; break;
            case "active": f.Roles.Add(new RoleHolding("62e90394-69f5-4237-9190-012177145e10", "Global Administrator", RoleHoldingKind.Active)); break;
            case "eligible": f.Roles.Add(new RoleHolding("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator", RoleHoldingKind.Eligible)); break;
            case "group": f.Roles.Add(new RoleHolding("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator", RoleHoldingKind.ViaGroup, "g1")); break;
            case "alreadySet": f.CloudUser = f.CloudUser with { OnPremisesImmutableId = "AAAAAAAAAAAAAAAAAAAAAA==" }; break;
            case "holder": f.Holders.Add(new CloudUserReference("other-id", "alex.wilber@contoso.com")); break;
            case "federated": f.Domain = DomainAuthentication.Federated; break;
            case "domainOutOfScope": f.Policy = new PolicyOptions { AllowedUpnDomains = ["fabrikam.com"], AllowedOrganizationalUnits = ["*"] }; break;
            case "ouOutOfScope": f.Policy = new PolicyOptions { AllowedUpnDomains = ["*"], AllowedOrganizationalUnits = ["OU=Sync,DC=contoso,DC=com"] }; break;
            case "disabled": f.OnPremUser = f.OnPremUser with { Enabled = false }; break;
            case "adminCount": f.OnPremUser = f.OnPremUser with { AdminCount = 1 }; break;
            case "guest": f.CloudUser = f.CloudUser with { UserType = "Guest" }; break;
            case "noCloud": f.CloudUser = f.CloudUser with { UserPrincipalName = "someone.else@contoso.com" }; break;
            case "noOnPrem": f.OnPremUser = f.OnPremUser with { UserPrincipalName = "someone.else@contoso.com" }; break;
            case "hintMismatch": hint = WorkflowFixture.OtherGuid; break;
        }

        var workflow = f.Build();
        if (scenario == "ambiguous")
        {
            f.OnPrem.Setup(d => d.FindByUserPrincipalNameAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
                .ReturnsAsync(OnPremLookup.AmbiguousOf(["CN=A,OU=Staff,DC=contoso,DC=com", "CN=B,OU=Staff,DC=contoso,DC=com"]));
        }

        var result = await workflow.SetAsync(WorkflowFixture.Set(objectGuid: hint));

        Assert.Equal(HardMatchOutcome.Refused, result.Outcome);
        Assert.Equal([code], result.Blockers.Select(b => b.Code));
        Assert.False(string.IsNullOrWhiteSpace(result.Blockers[0].Detail));
        Assert.Equal(0, f.Writes);
        f.Audit.Verify(a => a.WriteIntentAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()), Times.Never);
        f.Audit.Verify(a => a.WriteOutcomeAsync(It.Is<AuditRecord>(r => r.Outcome == AuditOutcome.Refused && r.Ticket == "INC0001"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SetAsync_SeveralBlockers_ReportsEveryOne()
    {
        var f = new WorkflowFixture();
        f.CloudUser = f.CloudUser with { OnPremisesSyncEnabled = true, UserType = "Guest" };
        f.OnPremUser = f.OnPremUser with { Enabled = false, AdminCount = 1 };
        f.Roles.Add(new RoleHolding("62e90394-69f5-4237-9190-012177145e10", "Global Administrator", RoleHoldingKind.Active));

        var result = await f.Build().SetAsync(WorkflowFixture.Set());

        Assert.Equal(
            new[] { GuardrailCode.OnPremAccountDisabled, GuardrailCode.ProtectedOnPremAccount, GuardrailCode.GuestUser, GuardrailCode.CloudUserSynced, GuardrailCode.PrivilegedTarget }.Order(),
            result.Blockers.Select(b => b.Code).Order());
        Assert.Equal(0, f.Writes);
    }

    [Fact]
    public async Task SetAsync_EveryGuardrail_IsReportedWithItsVerdict()
    {
        var f = new WorkflowFixture();

        var result = await f.Build().SetAsync(WorkflowFixture.Set());

        var codes = result.Checks.Select(c => c.Code).ToHashSet();
        foreach (var code in new[]
        {
            GuardrailCode.OnPremUserNotFound, GuardrailCode.AmbiguousOnPremUser, GuardrailCode.ObjectGuidMismatch, GuardrailCode.OnPremAccountDisabled,
            GuardrailCode.ProtectedOnPremAccount, GuardrailCode.OutOfScope, GuardrailCode.AnchorSourceUnavailable, GuardrailCode.AnchorSourceMismatch,
            GuardrailCode.CloudUserNotFound, GuardrailCode.GuestUser, GuardrailCode.CloudUserSynced, GuardrailCode.CloudUserLinked, GuardrailCode.PrivilegedTarget,
            GuardrailCode.FederatedDomain, GuardrailCode.ImmutableIdAlreadySet, GuardrailCode.AlreadyMatched, GuardrailCode.AnchorInUse,
        })
        {
            Assert.Contains(code, codes);
        }
    }

    [Fact]
    public async Task SetAsync_HolderIsTheTargetItself_IsNotAConflict()
    {
        var f = new WorkflowFixture();
        f.Holders.Add(new CloudUserReference(WorkflowFixture.CloudId, WorkflowFixture.Upn));

        var result = await f.Build().SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
    }

    [Fact]
    public async Task SetAsync_ObjectGuidHintMatches_Writes()
    {
        var f = new WorkflowFixture();

        var result = await f.Build().SetAsync(WorkflowFixture.Set(objectGuid: WorkflowFixture.ObjectGuid));

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
    }

    [Theory]
    [InlineData(true, true, HardMatchOutcome.Succeeded)]
    [InlineData(true, false, HardMatchOutcome.Refused)]
    [InlineData(false, true, HardMatchOutcome.Refused)]
    public async Task SetAsync_DifferentValue_ReplacesOnlyWhenAskedAndAllowed(bool replace, bool allowReplace, HardMatchOutcome expected)
    {
        var f = new WorkflowFixture();
        f.CloudUser = f.CloudUser with { OnPremisesImmutableId = "AAAAAAAAAAAAAAAAAAAAAA==" };
        f.Policy = new PolicyOptions { AllowedUpnDomains = ["contoso.com"], AllowedOrganizationalUnits = ["*"], AllowReplace = allowReplace, VerifyDelayMilliseconds = 0 };

        var result = await f.Build().SetAsync(WorkflowFixture.Set(replace: replace));

        Assert.Equal(expected, result.Outcome);
        Assert.Equal("AAAAAAAAAAAAAAAAAAAAAA==", result.Before);
        Assert.Equal(expected == HardMatchOutcome.Succeeded ? 1 : 0, f.Writes);
    }

    [Theory]
    [InlineData(EntraWriteStatus.AnchorInUse, GuardrailCode.AnchorInUse, HardMatchOutcome.Refused)]
    [InlineData(EntraWriteStatus.SyncedUser, GuardrailCode.CloudUserSynced, HardMatchOutcome.Refused)]
    [InlineData(EntraWriteStatus.FederatedDomain, GuardrailCode.FederatedDomain, HardMatchOutcome.Refused)]
    [InlineData(EntraWriteStatus.Forbidden, GuardrailCode.PrivilegedTarget, HardMatchOutcome.Refused)]
    [InlineData(EntraWriteStatus.UserNotFound, GuardrailCode.CloudUserNotFound, HardMatchOutcome.Refused)]
    [InlineData(EntraWriteStatus.Throttled, GuardrailCode.Throttled, HardMatchOutcome.Failed)]
    [InlineData(EntraWriteStatus.Unavailable, GuardrailCode.UpstreamUnavailable, HardMatchOutcome.Failed)]
    [InlineData(EntraWriteStatus.InvalidValue, GuardrailCode.UpstreamError, HardMatchOutcome.Failed)]
    public async Task SetAsync_GraphRefusesTheWrite_MapsToItsCode(EntraWriteStatus status, GuardrailCode code, HardMatchOutcome outcome)
    {
        var f = new WorkflowFixture { WriteResult = new EntraWriteResult(status, "req-9", "no", TimeSpan.FromSeconds(7), "other-id") };

        var result = await f.Build().SetAsync(WorkflowFixture.Set());

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal([code], result.Blockers.Select(b => b.Code));
        Assert.True(result.WriteAttempted);
        Assert.Equal("req-9", result.GraphRequestId);
        Assert.Null(result.After);
        Assert.Null(result.Verified);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
        f.Entra.Verify(d => d.GetUserAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData(EntraFailure.Throttled, GuardrailCode.Throttled)]
    [InlineData(EntraFailure.Unavailable, GuardrailCode.UpstreamUnavailable)]
    [InlineData(EntraFailure.Forbidden, GuardrailCode.UpstreamError)]
    public async Task SetAsync_PreflightFails_FailsWithRetryAfterAndWritesNothing(EntraFailure failure, GuardrailCode code)
    {
        var f = new WorkflowFixture();
        var workflow = f.Build();
        f.Entra.Setup(d => d.GetFactsAsync(It.IsAny<CloudUserResolution>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new EntraDirectoryException(failure, "busy", TimeSpan.FromSeconds(3)));

        var result = await workflow.SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.Failed, result.Outcome);
        Assert.Equal(HardMatchOperation.Set, result.Operation);
        Assert.Equal([code], result.Blockers.Select(b => b.Code));
        Assert.Equal(TimeSpan.FromSeconds(3), result.RetryAfter);
        Assert.Equal(0, f.Writes);
    }

    [Theory]
    [InlineData(OnPremFailure.Unreachable, GuardrailCode.UpstreamUnavailable)]
    [InlineData(OnPremFailure.Timeout, GuardrailCode.UpstreamUnavailable)]
    [InlineData(OnPremFailure.InvalidCredentials, GuardrailCode.UpstreamError)]
    [InlineData(OnPremFailure.TlsTrust, GuardrailCode.UpstreamError)]
    public async Task SetAsync_OnPremFails_FailsAndWritesNothing(OnPremFailure failure, GuardrailCode code)
    {
        var f = new WorkflowFixture();
        var workflow = f.Build();
        f.OnPrem.Setup(d => d.FindByUserPrincipalNameAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OnPremDirectoryException(failure, "down"));

        var result = await workflow.SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.Failed, result.Outcome);
        Assert.Equal([code], result.Blockers.Select(b => b.Code));
        Assert.Equal(0, f.Writes);
    }

    [Fact]
    public async Task SetAsync_ReadBackLagsOnce_IsVerified()
    {
        var f = new WorkflowFixture();
        var reads = 0;
        f.ReadBack = written => ++reads == 1 ? null : written;

        var result = await f.Build().SetAsync(WorkflowFixture.Set());

        Assert.True(result.Verified);
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task SetAsync_ReadBackNeverShowsTheValue_IsNotVerified()
    {
        var f = new WorkflowFixture { ReadBack = _ => null };

        var result = await f.Build().SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
        Assert.False(result.Verified);
        f.Entra.Verify(d => d.GetUserAsync(WorkflowFixture.CloudId, It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task SetAsync_Write_RecordsIntentBeforeAndOutcomeAfter()
    {
        var f = new WorkflowFixture();

        await f.Build().SetAsync(WorkflowFixture.Set());

        Assert.Equal(["intent", "write", "outcome"], f.Events);
        f.Audit.Verify(a => a.WriteIntentAsync(It.Is<AuditRecord>(r => r.After == WorkflowFixture.ObjectGuidImmutableId && r.Outcome == AuditOutcome.Pending), It.IsAny<CancellationToken>()));
        f.Audit.Verify(a => a.WriteOutcomeAsync(It.Is<AuditRecord>(r => r.Outcome == AuditOutcome.Succeeded && r.Verified == true), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task SetAsync_AuditRefusesIntent_NothingIsWritten()
    {
        var f = new WorkflowFixture();
        var workflow = f.Build();
        f.Audit.Setup(a => a.WriteIntentAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("audit down"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => workflow.SetAsync(WorkflowFixture.Set()));

        Assert.Equal(0, f.Writes);
    }

    [Fact]
    public async Task StatusAsync_CloudOnlyUser_ReportsBothSidesWithoutWriting()
    {
        var f = new WorkflowFixture();
        f.Roles.Add(new RoleHolding("62e90394-69f5-4237-9190-012177145e10", "Global Administrator", RoleHoldingKind.Eligible));

        var result = await f.Build().StatusAsync(WorkflowFixture.Set().User);

        Assert.Equal(HardMatchOutcome.Reported, result.Outcome);
        Assert.Equal(MatchState.NotSet, result.MatchState);
        Assert.Equal(WorkflowFixture.ObjectGuidImmutableId, result.Anchor!.Value.ToImmutableId());
        Assert.Equal([GuardrailCode.PrivilegedTarget], result.Blockers.Select(b => b.Code));
        Assert.Equal(0, f.Writes);
        f.Audit.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ClearAsync_ValueSet_WritesNullAndVerifiesItIsGone()
    {
        var f = new WorkflowFixture();
        f.CloudUser = f.CloudUser with { OnPremisesImmutableId = WorkflowFixture.ObjectGuidImmutableId };

        var result = await f.Build().ClearAsync(WorkflowFixture.Clear());

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
        Assert.Equal(1, f.Writes);
        Assert.Null(f.Written);
        Assert.Equal(WorkflowFixture.ObjectGuidImmutableId, result.Before);
        Assert.Null(result.After);
        Assert.True(result.Verified);
        f.OnPrem.Verify(d => d.FindByUserPrincipalNameAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ClearAsync_DryRun_WritesNothing()
    {
        var f = new WorkflowFixture();
        f.CloudUser = f.CloudUser with { OnPremisesImmutableId = WorkflowFixture.ObjectGuidImmutableId };

        var result = await f.Build().ClearAsync(WorkflowFixture.Clear(dryRun: true));

        Assert.Equal(HardMatchOutcome.Planned, result.Outcome);
        Assert.Null(result.After);
        Assert.Equal(0, f.Writes);
    }

    [Fact]
    public async Task ClearAsync_NothingSet_NoChange()
    {
        var f = new WorkflowFixture();

        var result = await f.Build().ClearAsync(WorkflowFixture.Clear());

        Assert.Equal(HardMatchOutcome.NoChange, result.Outcome);
        Assert.Equal([GuardrailCode.NothingToClear], result.Warnings.Select(w => w.Code));
        Assert.Equal(0, f.Writes);
    }

    [Theory]
    [InlineData("synced", GuardrailCode.CloudUserSynced)]
    [InlineData("privileged", GuardrailCode.PrivilegedTarget)]
    [InlineData("guest", GuardrailCode.GuestUser)]
    [InlineData("federated", GuardrailCode.FederatedDomain)]
    [InlineData("outOfScope", GuardrailCode.OutOfScope)]
    [InlineData("noCloud", GuardrailCode.CloudUserNotFound)]
    public async Task ClearAsync_Guardrail_RefusesAndWritesNothing(string scenario, GuardrailCode code)
    {
        var f = new WorkflowFixture();
        f.CloudUser = f.CloudUser with { OnPremisesImmutableId = WorkflowFixture.ObjectGuidImmutableId };
        switch (scenario)
        {
            case "synced": f.CloudUser = f.CloudUser with { OnPremisesSyncEnabled = true }; break;
            case "privileged": f.Roles.Add(new RoleHolding("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator", RoleHoldingKind.ViaGroup, "g")); break;
            case "guest": f.CloudUser = f.CloudUser with { UserType = "Guest" }; break;
            case "federated": f.Domain = DomainAuthentication.Federated; break;
            case "outOfScope": f.Policy = new PolicyOptions { AllowedUpnDomains = ["fabrikam.com"], AllowedOrganizationalUnits = ["*"] }; break;
            case "noCloud": f.CloudUser = f.CloudUser with { UserPrincipalName = "x@contoso.com" }; break;
        }

        var result = await f.Build().ClearAsync(WorkflowFixture.Clear());

        Assert.Equal(HardMatchOutcome.Refused, result.Outcome);
        Assert.Equal([code], result.Blockers.Select(b => b.Code));
        Assert.Equal(0, f.Writes);
    }

    [Fact]
    public async Task ClearAsync_ByObjectGuid_ResolvesTheUpnOnPrem()
    {
        var f = new WorkflowFixture();
        f.CloudUser = f.CloudUser with { OnPremisesImmutableId = WorkflowFixture.ObjectGuidImmutableId };

        var result = await f.Build().ClearAsync(WorkflowFixture.Clear(WorkflowFixture.ObjectGuid.ToString("B")));

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
        Assert.Equal(WorkflowFixture.Upn, result.TargetUserPrincipalName);
    }
}
