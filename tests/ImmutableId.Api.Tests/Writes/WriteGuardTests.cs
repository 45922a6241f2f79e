using ImmutableId.Api.Auth;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using ImmutableId.TestIssuer;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Tests.Writes;

/// <summary>Audit, idempotency, per-user leases and caller scope around a write, with real tokens and the SQLite store.</summary>
public sealed class WriteGuardTests(WriteGuardFixture fixture) : IClassFixture<WriteGuardFixture>
{
    private const string Value = "yYuRNW0Z6kCXeYidebdT8A==";

    private FakeCloud NewCloud() => new(fixture.Journal, fixture.Audit);

    private static string NewUser() => $"u{Guid.NewGuid():N}@contoso.com";

    private Task<IResult> PutAsync(FakeCloud cloud, string user, string? token, IDictionary<string, string>? headers = null, string body = "{\"ticket\":\"INC-BODY\"}", string value = Value, bool dryRun = false, bool refuse = false)
    {
        var request = fixture.Request("PUT", $"/api/users/{user}/immutable-id", body, token, headers);
        return fixture.Guard.RunAsync(request, AppRoles.Write, AuditOperation.Set, user, cloud.Set(user, value, dryRun, refuse));
    }

    private async Task<(int Status, string Body, IHeaderDictionary Headers)> PutAndExecuteAsync(
        FakeCloud cloud, string user, string? token, IDictionary<string, string>? headers = null, string body = "{\"ticket\":\"INC-BODY\"}")
    {
        var request = fixture.Request("PUT", $"/api/users/{user}/immutable-id", body, token, headers);
        var result = await fixture.Guard.RunAsync(request, AppRoles.Write, AuditOperation.Set, user, cloud.Set(user, Value));
        return await WriteGuardFixture.ExecuteAsync(result, request);
    }

    private string Writer() => fixture.Issuer.AppToken(AppRoles.Write);

    // ---------- auth ----------

    [Fact]
    public async Task Run_NoToken_Answers401WithoutRunningTheHandlerOrAuditing()
    {
        var cloud = NewCloud();
        var user = NewUser();

        var (status, _, _) = await PutAndExecuteAsync(cloud, user, token: null);

        Assert.Equal(401, status);
        Assert.Equal(0, cloud.HandlerRuns);
        Assert.Empty((await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records);
    }

    [Fact]
    public async Task Run_ReadRoleOnly_Answers403AndAuditsTheRefusedAttempt()
    {
        var cloud = NewCloud();
        var user = NewUser();

        var (status, _, headers) = await PutAndExecuteAsync(cloud, user, fixture.Issuer.AppToken(AppRoles.Read), new Dictionary<string, string> { ["X-Ticket-Id"] = "INC42" });

        Assert.Equal(403, status);
        Assert.Equal(0, cloud.HandlerRuns);
        var record = Assert.Single((await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records);
        Assert.Equal(AuditOutcome.Refused, record.Outcome);
        Assert.Equal("INC42", record.Ticket);
        Assert.Equal(headers[WriteGuard.OperationIdHeader].ToString(), record.OperationId.ToString());
        Assert.Equal("8d2f3c5e-0d1f-4d7c-9a3b-1c2d3e4f5a6b", record.Caller.AppId);
    }

    // ---------- audit ----------

    [Fact]
    public async Task Run_SuccessfulSet_IntentIsDurableBeforeThePatchAndTheOutcomeAfter()
    {
        var cloud = NewCloud();
        var user = NewUser();
        var token = fixture.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Write], UserName = "helpdesk@contoso.com" });

        var (status, _, headers) = await PutAndExecuteAsync(cloud, user, token, new Dictionary<string, string> { ["X-Ticket-Id"] = "INC-HEADER" });

        Assert.Equal(200, status);
        Assert.Equal(AuditOutcome.Pending, cloud.IntentAtPatch);
        var record = await fixture.Audit.GetAsync(Guid.Parse(headers[WriteGuard.OperationIdHeader].ToString()));
        Assert.NotNull(record);
        Assert.Equal(AuditOutcome.Succeeded, record!.Outcome);
        Assert.Equal(AuditOperation.Set, record.Operation);
        Assert.Equal("INC-BODY", record.Ticket); // the body's ticket wins over the header
        Assert.Equal(Value, record.After);
        Assert.True(record.Verified);
        Assert.Equal("req-1", record.GraphRequestId);
        Assert.False(record.Caller.AppOnly);
        Assert.Equal("helpdesk@contoso.com", record.Caller.DisplayName);
        Assert.Equal(user, record.Target.Requested);
        Assert.NotNull(record.CompletedAt);
    }

    [Fact]
    public async Task Run_DryRun_IsAuditedAndWritesNothing()
    {
        var cloud = NewCloud();
        var user = NewUser();

        var result = await PutAsync(cloud, user, Writer(), dryRun: true);

        Assert.Equal(0, cloud.Patches);
        var record = Assert.Single((await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records);
        Assert.Equal(AuditOutcome.DryRun, record.Outcome);
        Assert.True(record.DryRun);
        Assert.NotNull(result);
    }

    [Fact]
    public async Task Run_GuardrailRefusal_IsAuditedWithItsGuardrails()
    {
        var cloud = NewCloud();
        var user = NewUser();

        await PutAsync(cloud, user, Writer(), refuse: true);

        var record = Assert.Single((await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records);
        Assert.Equal(AuditOutcome.Refused, record.Outcome);
        Assert.Equal("PrivilegedTarget", Assert.Single(record.Guardrails).Code);
        Assert.Equal(0, cloud.Patches);
    }

    [Fact]
    public async Task Run_GraphFailure_IsAuditedAsFailed()
    {
        var cloud = NewCloud();
        cloud.FailWrites = true;
        var user = NewUser();

        await PutAsync(cloud, user, Writer());

        var record = Assert.Single((await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records);
        Assert.Equal(AuditOutcome.Failed, record.Outcome);
        Assert.Equal("UpstreamUnavailable", record.Error);
    }

    [Fact]
    public async Task Run_HandlerCrashesAfterTheIntent_LeavesItPendingAndFreesTheUser()
    {
        var user = NewUser();
        var crashing = fixture.Guard.RunAsync(fixture.Request("PUT", "/x", "{}", Writer()), AppRoles.Write, AuditOperation.Set, user, async (_, ct) =>
        {
            await fixture.Journal.RecordIntentAsync(new AuditEntry(false, null, null, new AuditTarget(user), null, Value, "objectGuid", [], AuditOutcome.Pending), ct);
            throw new IOException("process died mid-PATCH");
        });

        await Assert.ThrowsAsync<IOException>(() => crashing);
        var record = Assert.Single((await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records);
        Assert.Equal(AuditOutcome.Pending, record.Outcome);

        var cloud = NewCloud();
        var (status, _, _) = await PutAndExecuteAsync(cloud, user, Writer());
        Assert.Equal(200, status);
    }

    // ---------- caller scope ----------

    [Fact]
    public async Task Run_TargetOutsideTheCallersOus_Answers403AndNeverPatches()
    {
        var cloud = NewCloud();
        cloud.DistinguishedName = "CN=Boss,OU=Admins,DC=corp,DC=contoso,DC=com";
        var user = NewUser();
        var token = fixture.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Write], AppId = WriteGuardFixture.ScopedAppId });

        var (status, body, _) = await PutAndExecuteAsync(cloud, user, token);

        Assert.Equal(403, status);
        Assert.Equal("OutOfCallerScope", WriteGuardFixture.Json(body).GetProperty("code").GetString());
        Assert.Equal(0, cloud.Patches);
        var record = Assert.Single((await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records);
        Assert.Equal(AuditOutcome.Refused, record.Outcome);
        Assert.Equal("OutOfCallerScope", record.Error);
    }

    [Fact]
    public async Task Run_TargetDomainOutsideTheCallersDomains_Answers403BeforeTheHandler()
    {
        var cloud = NewCloud();
        var user = $"u{Guid.NewGuid():N}@fabrikam.com";
        var token = fixture.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Write], AppId = WriteGuardFixture.ScopedAppId });

        var (status, _, _) = await PutAndExecuteAsync(cloud, user, token);

        Assert.Equal(403, status);
        Assert.Equal(0, cloud.HandlerRuns);
    }

    [Fact]
    public async Task Run_TargetInsideTheCallersScope_Succeeds()
    {
        var cloud = NewCloud();
        var token = fixture.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Write], AppId = WriteGuardFixture.ScopedAppId });

        var (status, _, _) = await PutAndExecuteAsync(cloud, NewUser(), token);

        Assert.Equal(200, status);
        Assert.Equal(1, cloud.Patches);
    }

    // ---------- idempotency ----------

    [Fact]
    public async Task Run_SameKeySameRequest_ReplaysTheStoredResponseWithoutRunningAgain()
    {
        var cloud = NewCloud();
        var user = NewUser();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "\"k-" + Guid.NewGuid() + "\"" };

        var first = await PutAndExecuteAsync(cloud, user, Writer(), key);
        var second = await PutAndExecuteAsync(cloud, user, Writer(), key);

        Assert.Equal(200, first.Status);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Headers[WriteGuard.OperationIdHeader].ToString(), second.Headers[WriteGuard.OperationIdHeader].ToString());
        Assert.Equal("true", second.Headers[WriteGuard.ReplayedHeader].ToString());
        Assert.Equal(1, cloud.HandlerRuns);
        Assert.Single((await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records);
    }

    [Fact]
    public async Task Run_SameKeyDifferentBody_Answers422()
    {
        var cloud = NewCloud();
        var user = NewUser();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "k-" + Guid.NewGuid() };
        await PutAndExecuteAsync(cloud, user, Writer(), key);

        var (status, body, _) = await PutAndExecuteAsync(cloud, user, Writer(), key, body: "{\"ticket\":\"INC-OTHER\"}");

        Assert.Equal(422, status);
        Assert.Equal("IdempotencyKeyReused", WriteGuardFixture.Json(body).GetProperty("code").GetString());
        Assert.Equal(1, cloud.HandlerRuns);
    }

    [Fact]
    public async Task Run_SameKeyWhileTheFirstIsRunning_Answers409()
    {
        var cloud = NewCloud();
        cloud.HoldBeforePatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var user = NewUser();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "k-" + Guid.NewGuid() };
        var first = PutAndExecuteAsync(cloud, user, Writer(), key);
        while (cloud.HandlerRuns == 0)
        {
            await Task.Delay(10);
        }

        var (status, body, headers) = await PutAndExecuteAsync(cloud, user, Writer(), key);
        cloud.HoldBeforePatch.SetResult();
        var firstResult = await first;

        Assert.Equal(409, status);
        Assert.Equal("IdempotencyKeyInProgress", WriteGuardFixture.Json(body).GetProperty("code").GetString());
        Assert.Equal("1", headers.RetryAfter.ToString());
        Assert.Equal(200, firstResult.Status);
    }

    [Fact]
    public async Task Run_SameKeyFromAnotherCaller_RunsSeparately()
    {
        var cloud = NewCloud();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "shared-key-" + Guid.NewGuid() };
        var other = fixture.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Write], AppId = Guid.NewGuid().ToString(), ObjectId = Guid.NewGuid().ToString() });

        await PutAndExecuteAsync(cloud, NewUser(), Writer(), key);
        var (status, _, headers) = await PutAndExecuteAsync(cloud, NewUser(), other, key);

        Assert.Equal(200, status);
        Assert.Equal(2, cloud.HandlerRuns);
        Assert.False(headers.ContainsKey(WriteGuard.ReplayedHeader));
    }

    [Fact]
    public async Task Run_TransientFailureWithKey_IsNotReplayed()
    {
        var cloud = NewCloud();
        cloud.FailWrites = true;
        var user = NewUser();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "k-" + Guid.NewGuid() };

        var first = await PutAndExecuteAsync(cloud, user, Writer(), key);
        cloud.FailWrites = false;
        var retry = await PutAndExecuteAsync(cloud, user, Writer(), key);

        Assert.Equal(503, first.Status);
        Assert.Equal(200, retry.Status);
        Assert.Equal(2, cloud.HandlerRuns);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"\"")]
    [InlineData("bad\u0001key")]
    public async Task Run_InvalidKey_Answers400(string key)
    {
        var cloud = NewCloud();

        var (status, body, _) = await PutAndExecuteAsync(cloud, NewUser(), Writer(), new Dictionary<string, string> { ["Idempotency-Key"] = key });

        Assert.Equal(400, status);
        Assert.Equal("InvalidIdempotencyKey", WriteGuardFixture.Json(body).GetProperty("code").GetString());
        Assert.Equal(0, cloud.HandlerRuns);
    }

    [Fact]
    public async Task Run_BlankUser_LeavesValidationToTheHandler()
    {
        var request = fixture.Request("PUT", "/api/users//immutable-id", "{}", Writer());

        var result = await fixture.Guard.RunAsync(request, AppRoles.Write, AuditOperation.Set, string.Empty,
            (_, _) => Task.FromResult(Results.Problem(statusCode: 400, title: "InvalidUser")));
        var (status, _, headers) = await WriteGuardFixture.ExecuteAsync(result, request);

        Assert.Equal(400, status);
        Assert.False(headers.ContainsKey(WriteGuard.OperationIdHeader));
    }

    // ---------- per-user lease ----------

    [Fact]
    public async Task Run_TwentyConcurrentSetsForOneUser_PatchExactlyOnce()
    {
        var cloud = NewCloud();
        var user = NewUser();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => PutAndExecuteAsync(cloud, user, Writer()))));

        Assert.Equal(1, cloud.Patches);
        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Equal(1, results.Count(r => r.Body.Contains("succeeded", StringComparison.Ordinal)));
        Assert.Equal(19, results.Count(r => r.Body.Contains("noChange", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Run_UserBusyLongerThanTheWait_Answers409UserBusyAndAuditsIt()
    {
        var holder = NewCloud();
        holder.HoldBeforePatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var user = NewUser();
        var first = PutAndExecuteAsync(holder, user, Writer());
        while (holder.HandlerRuns == 0)
        {
            await Task.Delay(10);
        }

        var guard = fixture.Guard;
        var wait = guard.LeaseWait;
        guard.LeaseWait = TimeSpan.FromMilliseconds(200);
        (int Status, string Body, IHeaderDictionary Headers) second;
        try
        {
            second = await PutAndExecuteAsync(NewCloud(), user, Writer());
        }
        finally
        {
            guard.LeaseWait = wait;
            holder.HoldBeforePatch.SetResult();
        }

        await first;
        Assert.Equal(409, second.Status);
        Assert.Equal("UserBusy", WriteGuardFixture.Json(second.Body).GetProperty("code").GetString());
        Assert.Equal("5", second.Headers.RetryAfter.ToString());
        var records = (await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records;
        Assert.Contains(records, r => r.Outcome == AuditOutcome.Refused && r.Error == "UserBusy");
    }
}
