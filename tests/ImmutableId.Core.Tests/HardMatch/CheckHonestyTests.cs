using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using Moq;

namespace ImmutableId.Core.Tests.HardMatch;

/// <summary>A check is passed only when its fact was read in this request; a fact that could not be read is unknown.</summary>
public sealed class CheckHonestyTests
{
    private const string Identifier = "5d2a9c1e-7f3b-4c8a-9e6d-1b2c3d4e5f60";

    [Fact]
    public async Task SetAsync_ObjectIdentifierReadAndSet_RefusedCloudUserLinkedNothingWritten()
    {
        var f = new WorkflowFixture { ObjectIdentifier = ObjectIdentifierRead.Answered(Identifier) };

        var result = await f.Build().SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.Refused, result.Outcome);
        var blocker = Assert.Single(result.Blockers);
        Assert.Equal(GuardrailCode.CloudUserLinked, blocker.Code);
        Assert.Contains(Identifier, blocker.Detail, StringComparison.Ordinal);
        Assert.Contains("security hardening", blocker.Detail, StringComparison.Ordinal);
        Assert.Equal(0, f.Writes);
    }

    [Fact]
    public async Task StatusAsync_ObjectIdentifierReadAndEmpty_Passed()
    {
        var f = new WorkflowFixture();

        var result = await f.Build().StatusAsync(WorkflowFixture.Set().User);

        Assert.Equal(GuardrailVerdict.Passed, Check(result, GuardrailCode.CloudUserLinked).Verdict);
    }

    [Fact]
    public async Task StatusAsync_ObjectIdentifierUnreadable_UnknownWithTheReasonNeverPassed()
    {
        var f = new WorkflowFixture { ObjectIdentifier = ObjectIdentifierRead.Unreadable("Graph beta answered 404 BadRequest") };

        var result = await f.Build().StatusAsync(WorkflowFixture.Set().User);

        var check = Check(result, GuardrailCode.CloudUserLinked);
        Assert.Equal(GuardrailVerdict.Unknown, check.Verdict);
        Assert.Contains("Graph beta answered 404 BadRequest", check.Detail, StringComparison.Ordinal);
        Assert.Contains("beta/users/", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusAsync_AdapterNeverTried_Unknown()
    {
        var f = new WorkflowFixture { ObjectIdentifier = null };

        var result = await f.Build().StatusAsync(WorkflowFixture.Set().User);

        Assert.Equal(GuardrailVerdict.Unknown, Check(result, GuardrailCode.CloudUserLinked).Verdict);
    }

    [Fact]
    public async Task SetAsync_ObjectIdentifierUnreadable_WritesAndReportsUnknown()
    {
        // Unknown is not a refusal (an app without beta access can still work), but the answer and the audit say it.
        var f = new WorkflowFixture { ObjectIdentifier = ObjectIdentifierRead.Unreadable("Graph beta was unavailable beyond the retry budget") };

        var result = await f.Build().SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
        Assert.Equal(GuardrailVerdict.Unknown, Check(result, GuardrailCode.CloudUserLinked).Verdict);
        f.Audit.Verify(a => a.WriteIntentAsync(It.Is<Audit.AuditRecord>(r => r.Guardrails.Any(g => g.Code == "CloudUserLinked" && g.Verdict == "unknown")), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task StatusAsync_DomainAuthenticationUnknown_FederatedDomainUnknownNotPassed()
    {
        var f = new WorkflowFixture { Domain = DomainAuthentication.Unknown };

        var result = await f.Build().StatusAsync(WorkflowFixture.Set().User);

        Assert.Equal(GuardrailVerdict.Unknown, Check(result, GuardrailCode.FederatedDomain).Verdict);
    }

    [Fact]
    public async Task StatusAsync_EveryFactRead_NoCheckUnknown()
    {
        var f = new WorkflowFixture();

        var result = await f.Build().StatusAsync(WorkflowFixture.Set().User);

        Assert.DoesNotContain(result.Checks, c => c.Verdict == GuardrailVerdict.Unknown);
    }

    private static GuardrailCheck Check(HardMatchResult result, GuardrailCode code) => Assert.Single(result.Checks, c => c.Code == code);
}
