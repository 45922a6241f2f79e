using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Core.Idempotency;
using ImmutableId.Core.Leases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ImmutableId.Storage.Tests;

/// <summary>
/// The contract every store provider keeps: one suite, run against SQLite (<see cref="SqliteStoreContractTests"/>)
/// and Azure Tables on Azurite (<see cref="AzureTablesStoreContractTests"/>). Each test gets fresh, empty stores.
/// </summary>
public abstract class StoreContractTests() : StoreTestBase(Start)
{
    protected static readonly DateTimeOffset Start = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    // ---------- audit log ----------

    [Fact]
    public async Task WriteIntent_ThenGet_RoundTripsEveryField()
    {
        var intent = Record(Start, "Alice@Contoso.com", "INC0001") with
        {
            Reason = "joiner: link to AD",
            Before = null,
            After = "yYuRNW0Z6kCXeYidebdT8A==",
            AnchorSource = "objectGuid",
            Guardrails = [new AuditGuardrailResult("AnchorSourceMismatch", false, "consistencyGuid differs")],
            TraceId = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };

        await Store.Audit.WriteIntentAsync(intent);
        var read = await Store.Audit.GetAsync(intent.OperationId);

        Assert.NotNull(read);
        Assert.Equal(intent with { Guardrails = [] }, read! with { Guardrails = [] });
        Assert.Equal(intent.Guardrails, read.Guardrails);
        Assert.Equal(AuditOutcome.Pending, read.Outcome);
    }

    [Fact]
    public async Task WriteOutcome_PendingIntent_CompletesIt()
    {
        var intent = Record(Start, "alice@contoso.com", "INC0001");
        await Store.Audit.WriteIntentAsync(intent);

        var written = await Store.Audit.WriteOutcomeAsync(intent with
        {
            Outcome = AuditOutcome.Succeeded, Verified = true, GraphRequestId = "req-1", CompletedAt = Start.AddSeconds(1),
        });
        var read = await Store.Audit.GetAsync(intent.OperationId);

        Assert.True(written);
        Assert.Equal(AuditOutcome.Succeeded, read!.Outcome);
        Assert.True(read.Verified);
        Assert.Equal("req-1", read.GraphRequestId);
        Assert.Empty(await Store.Audit.ListPendingAsync(Start.AddDays(1), 10));
    }

    [Fact]
    public async Task WriteOutcome_OutcomeAlreadyRecorded_ReturnsFalseAndKeepsTheFirst()
    {
        var intent = Record(Start, "alice@contoso.com", "INC0001");
        await Store.Audit.WriteIntentAsync(intent);
        await Store.Audit.WriteOutcomeAsync(intent with { Outcome = AuditOutcome.Succeeded });

        var second = await Store.Audit.WriteOutcomeAsync(intent with { Outcome = AuditOutcome.Failed, Error = "late" });

        Assert.False(second);
        Assert.Equal(AuditOutcome.Succeeded, (await Store.Audit.GetAsync(intent.OperationId))!.Outcome);
    }

    [Fact]
    public async Task WriteOutcome_NoIntent_InsertsTheRecord()
    {
        var refusal = Record(Start, "admin@contoso.com", "INC0002") with { Outcome = AuditOutcome.Refused, Error = "PrivilegedTarget" };

        Assert.True(await Store.Audit.WriteOutcomeAsync(refusal));

        Assert.Equal(refusal, await Store.Audit.GetAsync(refusal.OperationId), new AuditRecordComparer());
    }

    [Fact]
    public async Task WriteIntent_SameIdTwice_Throws()
    {
        var intent = Record(Start, "alice@contoso.com", null);
        await Store.Audit.WriteIntentAsync(intent);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.Audit.WriteIntentAsync(intent));
    }

    [Fact]
    public async Task WriteIntent_NotPendingOrNotVersion7_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Audit.WriteIntentAsync(Record(Start, "a@b.c", null) with { Outcome = AuditOutcome.Succeeded }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Audit.WriteIntentAsync(Record(Start, "a@b.c", null) with { OperationId = Guid.NewGuid() }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Audit.WriteOutcomeAsync(Record(Start, "a@b.c", null)));
    }

    [Fact]
    public async Task Get_UnknownOrNonVersion7Id_ReturnsNull()
    {
        Assert.Null(await Store.Audit.GetAsync(Guid.CreateVersion7(Start)));
        Assert.Null(await Store.Audit.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Query_ByUpn_CaseInsensitiveNewestFirst()
    {
        var older = Record(Start, "Alice@Contoso.com", "INC1");
        var newer = Record(Start.AddMinutes(5), "alice@contoso.com", "INC2") with { Outcome = AuditOutcome.DryRun };
        var other = Record(Start.AddMinutes(2), "bob@contoso.com", "INC1") with { Outcome = AuditOutcome.Refused };
        await Store.Audit.WriteIntentAsync(older);
        await Store.Audit.WriteOutcomeAsync(newer);
        await Store.Audit.WriteOutcomeAsync(other);

        var page = await Store.Audit.QueryAsync(new AuditQuery(UserPrincipalName: "ALICE@contoso.COM"));

        Assert.Equal([newer.OperationId, older.OperationId], page.Records.Select(r => r.OperationId));
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Query_ByTicket_ReturnsOnlyThatTicket()
    {
        var a = Record(Start, "alice@contoso.com", "INC1") with { Outcome = AuditOutcome.Succeeded };
        var b = Record(Start.AddMinutes(1), "bob@contoso.com", "INC1") with { Outcome = AuditOutcome.Refused };
        var c = Record(Start.AddMinutes(2), "bob@contoso.com", "INC2") with { Outcome = AuditOutcome.Refused };
        foreach (var r in new[] { a, b, c })
        {
            await Store.Audit.WriteOutcomeAsync(r);
        }

        var page = await Store.Audit.QueryAsync(new AuditQuery(Ticket: "INC1"));

        Assert.Equal([b.OperationId, a.OperationId], page.Records.Select(r => r.OperationId));
    }

    [Fact]
    public async Task Query_TimeRange_FromInclusiveToExclusive()
    {
        var records = Enumerable.Range(0, 5).Select(i => Record(Start.AddHours(i), "alice@contoso.com", null) with { Outcome = AuditOutcome.Succeeded }).ToList();
        foreach (var r in records)
        {
            await Store.Audit.WriteOutcomeAsync(r);
        }

        var page = await Store.Audit.QueryAsync(new AuditQuery(From: Start.AddHours(1), To: Start.AddHours(3)));

        Assert.Equal([records[2].OperationId, records[1].OperationId], page.Records.Select(r => r.OperationId));
    }

    [Fact]
    public async Task Query_Paging_VisitsEveryRecordOnceNewestFirst()
    {
        // Spread over three days so that Azure Tables pages cross partitions.
        var records = Enumerable.Range(0, 7).Select(i => Record(Start.AddHours(i * 9), "alice@contoso.com", "INC9") with { Outcome = AuditOutcome.Succeeded }).ToList();
        foreach (var r in records)
        {
            await Store.Audit.WriteOutcomeAsync(r);
        }

        var seen = new List<Guid>();
        var sizes = new List<int>();
        string? token = null;
        do
        {
            var page = await Store.Audit.QueryAsync(new AuditQuery(Ticket: "INC9", PageSize: 3, ContinuationToken: token));
            sizes.Add(page.Records.Count);
            seen.AddRange(page.Records.Select(r => r.OperationId));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal([3, 3, 1], sizes);
        Assert.Equal(records.Select(r => r.OperationId).Reverse(), seen);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("YTE6eHl6")]
    public async Task Query_ForeignContinuationToken_ThrowsArgumentException(string token)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Audit.QueryAsync(new AuditQuery(ContinuationToken: token)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(AuditQuery.MaxPageSize + 1)]
    public async Task Query_PageSizeOutOfRange_ThrowsArgumentException(int size)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Audit.QueryAsync(new AuditQuery(PageSize: size)));
    }

    [Fact]
    public async Task ListPending_ReturnsOnlyPendingStartedBeforeOldestFirst()
    {
        var old1 = Record(Start, "a@contoso.com", null);
        var old2 = Record(Start.AddMinutes(1), "b@contoso.com", null);
        var recent = Record(Start.AddMinutes(30), "c@contoso.com", null);
        var done = Record(Start.AddMinutes(2), "d@contoso.com", null);
        foreach (var r in new[] { old2, recent, old1, done })
        {
            await Store.Audit.WriteIntentAsync(r);
        }

        await Store.Audit.WriteOutcomeAsync(done with { Outcome = AuditOutcome.Succeeded });

        var pending = await Store.Audit.ListPendingAsync(Start.AddMinutes(10), 10);

        Assert.Equal([old1.OperationId, old2.OperationId], pending.Select(r => r.OperationId));
        Assert.Single(await Store.Audit.ListPendingAsync(Start.AddMinutes(10), 1));
    }

    // ---------- reconciliation: a crash between intent and outcome ----------

    [Theory]
    [InlineData("yYuRNW0Z6kCXeYidebdT8A==", AuditOutcome.Succeeded, true)]
    [InlineData(null, AuditOutcome.Failed, false)]
    public async Task Reconcile_IntentWithoutOutcome_IsResolvedByReadingTheUserBack(string? entraNow, AuditOutcome expected, bool verified)
    {
        // The process wrote the intent, (maybe) patched Graph, and died before writing the outcome.
        var intent = Record(Start, "alice@contoso.com", "INC7") with { Before = null, After = "yYuRNW0Z6kCXeYidebdT8A==" };
        await Store.Audit.WriteIntentAsync(intent);
        var entra = new Mock<IEntraDirectory>(MockBehavior.Strict);
        entra.Setup(e => e.GetUserAsync("cloud-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CloudUser("cloud-1", "alice@contoso.com", "Alice", null, "Member", true, entraNow, false, null, null, null));
        var reconciler = new AuditReconciler(Store.Audit, entra.Object, Store.Clock);

        var tooEarly = await reconciler.ReconcilePendingAsync();
        Store.Clock.Advance(AuditReconciler.GracePeriod);
        var resolved = await reconciler.ReconcilePendingAsync();
        var record = await Store.Audit.GetAsync(intent.OperationId);

        Assert.Equal(0, tooEarly);
        Assert.Equal(1, resolved);
        Assert.Equal(expected, record!.Outcome);
        Assert.Equal(verified, record.Verified);
        Assert.True(record.Reconciled);
        Assert.Empty(await Store.Audit.ListPendingAsync(Store.Clock.GetUtcNow(), 10));
    }

    [Fact]
    public async Task Reconcile_EntraUnavailable_LeavesTheIntentPending()
    {
        var intent = Record(Start, "alice@contoso.com", "INC7");
        await Store.Audit.WriteIntentAsync(intent);
        var entra = new Mock<IEntraDirectory>();
        entra.Setup(e => e.GetUserAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new EntraDirectoryException(EntraFailure.Unavailable, "503"));
        Store.Clock.Advance(AuditReconciler.GracePeriod);

        var resolved = await new AuditReconciler(Store.Audit, entra.Object, Store.Clock).ReconcilePendingAsync();

        Assert.Equal(0, resolved);
        Assert.Equal(AuditOutcome.Pending, (await Store.Audit.GetAsync(intent.OperationId))!.Outcome);
    }

    // ---------- idempotency ----------

    [Fact]
    public async Task Claim_NewKey_IsNew()
    {
        Assert.Equal(IdempotencyClaimStatus.New, (await Store.Idempotency.ClaimAsync(Key("k1", "f1"))).Status);
    }

    [Fact]
    public async Task Claim_SameKeyAndRequestAfterComplete_ReplaysTheStoredAnswer()
    {
        var key = Key("k1", "f1");
        await Store.Idempotency.ClaimAsync(key);
        await Store.Idempotency.CompleteAsync(key, new IdempotentAnswer(IdempotentAnswer.Result, "{\"ok\":true}", "op-1"));

        var again = await Store.Idempotency.ClaimAsync(key);

        Assert.Equal(IdempotencyClaimStatus.Replay, again.Status);
        Assert.Equal(new IdempotentAnswer(IdempotentAnswer.Result, "{\"ok\":true}", "op-1"), again.Answer);
    }

    [Theory]
    [InlineData(200, "application/json; charset=utf-8", "{\"outcome\":\"succeeded\"}", IdempotentAnswer.Result)]
    [InlineData(409, "application/problem+json", "{\"status\":409,\"code\":\"AnchorInUse\"}", IdempotentAnswer.Problem)]
    public async Task Claim_KeyCompletedByThePreviousVersion_ReplaysItsAnswer(int status, string contentType, string body, string kind)
    {
        var key = Key("k-old", "f1");
        await StorePreviousVersionAnswerAsync(key, status, contentType, body, "op-old");

        var again = await Store.Idempotency.ClaimAsync(key);

        Assert.Equal(IdempotencyClaimStatus.Replay, again.Status);
        Assert.Equal(new IdempotentAnswer(kind, body, "op-old"), again.Answer);
        Assert.Equal(IdempotencyClaimStatus.Mismatch, (await Store.Idempotency.ClaimAsync(Key("k-old", "f2"))).Status);
    }

    /// <summary>
    /// Stores a completed key as the previous version did (HTTP status, Content-Type and body, no answer kind) straight
    /// into the provider's storage, before this version's store touched it.
    /// </summary>
    protected abstract Task StorePreviousVersionAnswerAsync(IdempotencyKey key, int status, string contentType, string body, string operationId);

    [Fact]
    public async Task Claim_SameKeyDifferentRequest_IsMismatchBothWhileRunningAndAfter()
    {
        var key = Key("k1", "f1");
        await Store.Idempotency.ClaimAsync(key);

        Assert.Equal(IdempotencyClaimStatus.Mismatch, (await Store.Idempotency.ClaimAsync(Key("k1", "f2"))).Status);
        await Store.Idempotency.CompleteAsync(key, new IdempotentAnswer(IdempotentAnswer.Problem, "{\"status\":409}"));
        Assert.Equal(IdempotencyClaimStatus.Mismatch, (await Store.Idempotency.ClaimAsync(Key("k1", "f2"))).Status);
    }

    [Fact]
    public async Task Claim_FirstStillRunning_IsInProgress()
    {
        var key = Key("k1", "f1");
        await Store.Idempotency.ClaimAsync(key);

        Assert.Equal(IdempotencyClaimStatus.InProgress, (await Store.Idempotency.ClaimAsync(key)).Status);
    }

    [Fact]
    public async Task Claim_SameKeyOtherCaller_IsNew()
    {
        await Store.Idempotency.ClaimAsync(Key("k1", "f1", scope: "tenant/app-a/sp-a"));

        Assert.Equal(IdempotencyClaimStatus.New, (await Store.Idempotency.ClaimAsync(Key("k1", "f2", scope: "tenant/app-b/sp-b"))).Status);
    }

    [Fact]
    public async Task Claim_CompletedKeyAfter24Hours_IsNewAgain()
    {
        var key = Key("k1", "f1");
        await Store.Idempotency.ClaimAsync(key);
        await Store.Idempotency.CompleteAsync(key, new IdempotentAnswer(IdempotentAnswer.Result, "{}"));

        Store.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(IdempotencyClaimStatus.Replay, (await Store.Idempotency.ClaimAsync(key)).Status);
        Store.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(IdempotencyClaimStatus.New, (await Store.Idempotency.ClaimAsync(Key("k1", "f2"))).Status);
    }

    [Fact]
    public async Task Claim_AbandonedClaimAfterTimeout_IsNewAgain()
    {
        var key = Key("k1", "f1");
        await Store.Idempotency.ClaimAsync(key);

        Store.Clock.Advance(IdempotencyKey.InProgressTimeout);

        Assert.Equal(IdempotencyClaimStatus.New, (await Store.Idempotency.ClaimAsync(key)).Status);
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await Store.Idempotency.ClaimAsync(key)).Status);
    }

    [Fact]
    public async Task Release_UnfinishedClaim_KeyCanBeClaimedAgain()
    {
        var key = Key("k1", "f1");
        await Store.Idempotency.ClaimAsync(key);

        await Store.Idempotency.ReleaseAsync(key);

        Assert.Equal(IdempotencyClaimStatus.New, (await Store.Idempotency.ClaimAsync(key)).Status);
    }

    [Fact]
    public async Task Release_CompletedKey_KeepsTheStoredAnswer()
    {
        var key = Key("k1", "f1");
        await Store.Idempotency.ClaimAsync(key);
        await Store.Idempotency.CompleteAsync(key, new IdempotentAnswer(IdempotentAnswer.Result, "x"));

        await Store.Idempotency.ReleaseAsync(key);

        Assert.Equal(IdempotencyClaimStatus.Replay, (await Store.Idempotency.ClaimAsync(key)).Status);
    }

    [Fact]
    public async Task Claim_TwentyConcurrentClaims_ExactlyOneIsNew()
    {
        var key = Key("k-concurrent", "f1");

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Store.Idempotency.ClaimAsync(key))));

        Assert.Equal(1, claims.Count(c => c.Status == IdempotencyClaimStatus.New));
        Assert.Equal(19, claims.Count(c => c.Status == IdempotencyClaimStatus.InProgress));
    }

    // ---------- user leases ----------

    [Fact]
    public async Task TryAcquire_FreeUser_AcquiresAndBlocksOthers()
    {
        var lease = await Store.Leases.TryAcquireAsync("alice@contoso.com", TimeSpan.FromSeconds(30));

        Assert.NotNull(lease);
        Assert.Null(await Store.Leases.TryAcquireAsync("ALICE@contoso.com", TimeSpan.FromSeconds(30)));
        Assert.NotNull(await Store.Leases.TryAcquireAsync("bob@contoso.com", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Release_HeldLease_UserCanBeLeasedAgain()
    {
        var lease = await Store.Leases.TryAcquireAsync("alice@contoso.com", TimeSpan.FromSeconds(30));

        await Store.Leases.ReleaseAsync(lease!);

        Assert.NotNull(await Store.Leases.TryAcquireAsync("alice@contoso.com", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task TryAcquire_AfterARelease_TellsWhenThePreviousHolderEnded()
    {
        var first = await Store.Leases.TryAcquireAsync("frank@contoso.com", TimeSpan.FromSeconds(30));
        Assert.Null(first!.PreviousHolderUntil);
        Store.Clock.Advance(TimeSpan.FromSeconds(3));
        var released = Store.Clock.GetUtcNow();
        await Store.Leases.ReleaseAsync(first);
        Store.Clock.Advance(TimeSpan.FromSeconds(4));

        var second = await Store.Leases.TryAcquireAsync("frank@contoso.com", TimeSpan.FromSeconds(30));

        // Never earlier than the release (a store shared by several clocks may report it later).
        Assert.NotNull(second!.PreviousHolderUntil);
        Assert.InRange(second.PreviousHolderUntil!.Value, released, released + TimeSpan.FromSeconds(3));
        Assert.Null(await Store.Leases.TryAcquireAsync("frank@contoso.com", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task TryAcquire_AfterALapsedHolder_TellsWhenItsLeaseRanOut()
    {
        var crashed = await Store.Leases.TryAcquireAsync("gina@contoso.com", TimeSpan.FromSeconds(30));
        Store.Clock.Advance(TimeSpan.FromSeconds(45));

        var next = await Store.Leases.TryAcquireAsync("gina@contoso.com", TimeSpan.FromSeconds(30));

        Assert.InRange(next!.PreviousHolderUntil!.Value, crashed!.ExpiresAt, crashed.ExpiresAt + TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Housekeeping_DeletesLeaseRowsThatEndedBeforeTheCutOff_AndKeepsTheRest()
    {
        var released = await Store.Leases.TryAcquireAsync("old-release@contoso.com", TimeSpan.FromSeconds(30));
        await Store.Leases.ReleaseAsync(released!);
        await Store.Leases.TryAcquireAsync("lapsed@contoso.com", TimeSpan.FromSeconds(30));   // its holder died
        Store.Clock.Advance(TimeSpan.FromHours(23));
        var recent = await Store.Leases.TryAcquireAsync("recent@contoso.com", TimeSpan.FromSeconds(30));
        await Store.Leases.ReleaseAsync(recent!);
        var held = await Store.Leases.TryAcquireAsync("held@contoso.com", TimeSpan.FromHours(2));
        Store.Clock.Advance(TimeSpan.FromHours(2));
        var now = Store.Clock.GetUtcNow();

        var result = await Store.Housekeeping.DeleteExpiredAsync(now, now - TimeSpan.FromDays(1), max: 100);

        Assert.Equal(2, result.Leases);
        // Gone: the next holder finds no previous one. Kept: it still learns when the last one ended.
        Assert.Null((await Store.Leases.TryAcquireAsync("old-release@contoso.com", TimeSpan.FromSeconds(30)))!.PreviousHolderUntil);
        Assert.Null((await Store.Leases.TryAcquireAsync("lapsed@contoso.com", TimeSpan.FromSeconds(30)))!.PreviousHolderUntil);
        Assert.NotNull((await Store.Leases.TryAcquireAsync("recent@contoso.com", TimeSpan.FromSeconds(30)))!.PreviousHolderUntil);
        Assert.NotNull(held);
        Assert.Equal(0, (await Store.Housekeeping.DeleteExpiredAsync(now, now - TimeSpan.FromDays(1), max: 100)).Leases);
    }

    [Fact]
    public async Task Housekeeping_DeletesAtMostMaxLeaseRowsPerCall()
    {
        foreach (var user in new[] { "a@contoso.com", "b@contoso.com", "c@contoso.com" })
        {
            await Store.Leases.ReleaseAsync((await Store.Leases.TryAcquireAsync(user, TimeSpan.FromSeconds(30)))!);
        }

        Store.Clock.Advance(TimeSpan.FromDays(2));
        var now = Store.Clock.GetUtcNow();

        Assert.Equal(2, (await Store.Housekeeping.DeleteExpiredAsync(now, now - TimeSpan.FromDays(1), max: 2)).Leases);
        Assert.Equal(1, (await Store.Housekeeping.DeleteExpiredAsync(now, now - TimeSpan.FromDays(1), max: 2)).Leases);
    }

    [Fact]
    public async Task Housekeeping_DeletesIdempotencyKeysPastTheirRetention_AndKeepsLiveOnes()
    {
        await Store.Idempotency.ClaimAsync(Key("expired", "f1"));
        Store.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(IdempotencyClaimStatus.New, (await Store.Idempotency.ClaimAsync(Key("live", "f2"))).Status);
        Store.Clock.Advance(IdempotencyKey.Retention - TimeSpan.FromMinutes(30));   // past the first key's retention only
        var now = Store.Clock.GetUtcNow();

        var result = await Store.Housekeeping.DeleteExpiredAsync(now, now - TimeSpan.FromDays(1), max: 100);

        Assert.Equal(1, result.IdempotencyKeys);
        Assert.Equal(0, (await Store.Housekeeping.DeleteExpiredAsync(now, now - TimeSpan.FromDays(1), max: 100)).IdempotencyKeys);
        // The live key is still there: another request under it is refused as a different request.
        Assert.Equal(IdempotencyClaimStatus.Mismatch, (await Store.Idempotency.ClaimAsync(Key("live", "other"))).Status);
    }

    [Fact]
    public async Task TryAcquire_StaleLease_IsTakenOverAndTheOldHolderCannotReleaseIt()
    {
        var stale = await Store.Leases.TryAcquireAsync("alice@contoso.com", TimeSpan.FromSeconds(30));
        Store.Clock.Advance(TimeSpan.FromSeconds(31));

        var fresh = await Store.Leases.TryAcquireAsync("alice@contoso.com", TimeSpan.FromSeconds(30));
        await Store.Leases.ReleaseAsync(stale!);

        Assert.NotNull(fresh);
        Assert.Null(await Store.Leases.TryAcquireAsync("alice@contoso.com", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Renew_HeldLease_OutlivesItsFirstDuration()
    {
        var lease = await Store.Leases.TryAcquireAsync("dave@contoso.com", TimeSpan.FromSeconds(30));
        Store.Clock.Advance(TimeSpan.FromSeconds(20));

        var renewed = await Store.Leases.RenewAsync(lease!, TimeSpan.FromSeconds(30));
        Store.Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.NotNull(renewed);
        Assert.Null(await Store.Leases.TryAcquireAsync("dave@contoso.com", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Renew_LapsedAndTakenLease_AnswersNullAndLeavesTheNewHolder()
    {
        var stale = await Store.Leases.TryAcquireAsync("erin@contoso.com", TimeSpan.FromSeconds(30));
        Store.Clock.Advance(TimeSpan.FromSeconds(31));
        var fresh = await Store.Leases.TryAcquireAsync("erin@contoso.com", TimeSpan.FromSeconds(30));

        var renewed = await Store.Leases.RenewAsync(stale!, TimeSpan.FromSeconds(30));
        await Store.Leases.ReleaseAsync(fresh!);

        Assert.Null(renewed);
        Assert.NotNull(await Store.Leases.TryAcquireAsync("erin@contoso.com", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Renew_ReleasedLease_AnswersNull()
    {
        var lease = await Store.Leases.TryAcquireAsync("fay@contoso.com", TimeSpan.FromSeconds(30));
        await Store.Leases.ReleaseAsync(lease!);

        Assert.Null(await Store.Leases.RenewAsync(lease!, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task TryAcquire_TwentyConcurrent_ExactlyOneHolds()
    {
        var leases = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Store.Leases.TryAcquireAsync("carol@contoso.com", TimeSpan.FromSeconds(30)))));

        Assert.Single(leases, l => l is not null);
    }

    // ---------- audit retention ----------

    [Fact]
    public async Task DeleteBefore_DueRecordsOfThatOutcome_DeletesOnlyThose()
    {
        var oldDryRun = Record(Start, "a@contoso.com", "INC1") with { Outcome = AuditOutcome.DryRun };
        var newDryRun = Record(Start.AddDays(2), "b@contoso.com", "INC2") with { Outcome = AuditOutcome.DryRun };
        var oldRefused = Record(Start.AddMinutes(1), "c@contoso.com", "INC3") with { Outcome = AuditOutcome.Refused };
        var oldWrite = Record(Start.AddMinutes(2), "d@contoso.com", "INC4") with { Outcome = AuditOutcome.Succeeded };
        var oldIntent = Record(Start.AddMinutes(3), "e@contoso.com", "INC5");
        foreach (var record in new[] { oldDryRun, newDryRun, oldRefused, oldWrite })
        {
            await Store.Audit.WriteOutcomeAsync(record);
        }

        await Store.Audit.WriteIntentAsync(oldIntent);
        var retention = Store.Services.GetRequiredService<IAuditRetentionStore>();

        var deleted = await retention.DeleteBeforeAsync(AuditOutcome.DryRun, Start.AddDays(1), 100);

        Assert.Equal(1, deleted);
        Assert.Null(await Store.Audit.GetAsync(oldDryRun.OperationId));
        foreach (var kept in new[] { newDryRun, oldRefused, oldWrite, oldIntent })
        {
            Assert.NotNull(await Store.Audit.GetAsync(kept.OperationId));
        }
    }

    [Fact]
    public async Task DeleteBefore_MoreDueThanMax_DeletesAtMostMaxPerCall()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.Audit.WriteOutcomeAsync(Record(Start.AddSeconds(i), "a@contoso.com", "INC" + i) with { Outcome = AuditOutcome.Refused });
        }

        var retention = Store.Services.GetRequiredService<IAuditRetentionStore>();

        var counts = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            counts.Add(await retention.DeleteBeforeAsync(AuditOutcome.Refused, Start.AddDays(1), 2));
        }

        Assert.Equal([2, 2, 1, 0], counts);
        Assert.Empty((await Store.Audit.QueryAsync(new AuditQuery())).Records);
    }

    [Fact]
    public async Task DeleteBefore_Pending_IsRefused()
    {
        var retention = Store.Services.GetRequiredService<IAuditRetentionStore>();

        await Assert.ThrowsAsync<ArgumentException>(() => retention.DeleteBeforeAsync(AuditOutcome.Pending, Start.AddDays(1), 10));
    }

    [Fact]
    public async Task Query_ToFarBeforeTheNewest_ReturnsExactlyTheOlderRecords()
    {
        var old = Record(Start, "a@contoso.com", "INC1") with { Outcome = AuditOutcome.Succeeded };
        var edge = Record(Start.AddDays(10).AddMilliseconds(-1), "a@contoso.com", "INC2") with { Outcome = AuditOutcome.Succeeded };
        var atTo = Record(Start.AddDays(10), "a@contoso.com", "INC3") with { Outcome = AuditOutcome.Succeeded };
        var newer = Record(Start.AddDays(400), "a@contoso.com", "INC4") with { Outcome = AuditOutcome.Succeeded };
        foreach (var record in new[] { old, edge, atTo, newer })
        {
            await Store.Audit.WriteOutcomeAsync(record);
        }

        var page = await Store.Audit.QueryAsync(new AuditQuery(To: Start.AddDays(10)));

        Assert.Equal([edge.OperationId, old.OperationId], page.Records.Select(r => r.OperationId));
    }

    protected static AuditRecord Record(DateTimeOffset time, string? upn, string? ticket) => new(
        Guid.CreateVersion7(time),
        time,
        AuditOperation.Set,
        DryRun: false,
        new AuditCaller("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "ServiceNow", AppOnly: true, "tenant-1"),
        ticket,
        Reason: null,
        new AuditTarget(upn, "cloud-1", "CN=Alice,OU=Users,DC=corp,DC=contoso,DC=com", new Guid("35918bc9-196d-40ea-9779-889d79b753f0"), upn),
        Before: null,
        After: "yYuRNW0Z6kCXeYidebdT8A==",
        AnchorSource: "objectGuid",
        Guardrails: [],
        Outcome: AuditOutcome.Pending);

    private static IdempotencyKey Key(string key, string fingerprint, string scope = "tenant-1/app-a/sp-a") => new(scope, key, fingerprint);

    private sealed class AuditRecordComparer : IEqualityComparer<AuditRecord?>
    {
        public bool Equals(AuditRecord? x, AuditRecord? y) =>
            x is not null && y is not null && x with { Guardrails = [] } == y with { Guardrails = [] } && x.Guardrails.SequenceEqual(y.Guardrails);

        public int GetHashCode(AuditRecord? obj) => obj?.OperationId.GetHashCode() ?? 0;
    }
}
