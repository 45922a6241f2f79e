using ImmutableId.Testing;
using System.Text.Json;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Core.Anchors;
using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.OnPrem;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace ImmutableId.Functions.Tests;

public sealed class ImmutableIdFunctionTests : IClassFixture<FunctionsAuth>
{
    private const string Upn = "adele.vance@contoso.com";
    private const string CloudId = "11111111-0000-4000-8000-000000000001";
    private static readonly Guid ObjectGuid = Guid.Parse("35918bc9-196d-40ea-9779-889d79b753f0");

    private readonly Mock<IOnPremDirectory> _onPrem = new();
    private readonly Mock<IEntraDirectory> _entra = new();
    private CloudUser _cloud = new(CloudId, Upn, "Adele Vance", Upn, "Member", true, null, null, null, null, null);
    private readonly List<RoleHolding> _roles = [];

    private readonly FunctionsAuth _auth;

    public ImmutableIdFunctionTests(FunctionsAuth auth)
    {
        _auth = auth;
        var onPremUser = new OnPremUser("CN=Adele Vance,OU=Staff,DC=contoso,DC=com", ObjectGuid, null, Upn, "adele", Upn, [], true, null, null);
        _onPrem.Setup(d => d.FindByUserPrincipalNameAsync(Upn, It.IsAny<CancellationToken>())).ReturnsAsync(OnPremLookup.Of(onPremUser));
        _onPrem.Setup(d => d.FindByUserPrincipalNameAsync(It.Is<string>(u => u != Upn), It.IsAny<CancellationToken>())).ReturnsAsync(OnPremLookup.NotFound);
        _onPrem.Setup(d => d.FindByObjectGuidAsync(ObjectGuid, It.IsAny<CancellationToken>())).ReturnsAsync(OnPremLookup.Of(onPremUser));
        _entra.SetupReads(upn => new CloudPreflight(upn == Upn || upn == _cloud.UserPrincipalName ? _cloud : null, DomainAuthentication.Managed, [], _roles));
        _entra.Setup(d => d.SetImmutableIdAsync(CloudId, It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string? value, CancellationToken _) =>
            {
                _cloud = _cloud with { OnPremisesImmutableId = value };
                return new EntraWriteResult(EntraWriteStatus.Succeeded, "req-42");
            });
        _entra.Setup(d => d.GetUserAsync(CloudId, It.IsAny<CancellationToken>())).ReturnsAsync(() => _cloud);
    }

    private ImmutableIdHandler Handler() => new(
        new HardMatchWorkflow(_onPrem.Object, _entra.Object, new PolicyOptions { AllowedUpnDomains = ["contoso.com"], AllowedOrganizationalUnits = ["OU=Staff,DC=contoso,DC=com"], VerifyDelayMilliseconds = 0 }, _auth.Audit),
        TimeProvider.System,
        NullLogger<ImmutableIdHandler>.Instance);

    [Fact]
    public async Task SetImmutableIdFunction_CloudOnlyUser_WritesAndAnswersNextStep()
    {
        var function = new SetImmutableIdFunction(_auth.Runner(Handler()));
        var request = FunctionInvocation.JsonRequest("PUT", $"/api/users/{Upn}/immutable-id", "{\"ticket\":\"INC1\"}", _auth.AllRoles);

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, Upn, CancellationToken.None), request);

        Assert.Equal(200, status);
        Assert.Equal("succeeded", body.GetProperty("outcome").GetString());
        Assert.Equal(SourceAnchor.FromGuid(ObjectGuid).ToImmutableId(), body.GetProperty("after").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("before").ValueKind);
        Assert.Equal("objectGuid", body.GetProperty("anchor").GetProperty("source").GetString());
        Assert.True(body.GetProperty("verified").GetBoolean());
        Assert.Equal("req-42", body.GetProperty("graphRequestId").GetString());
        Assert.Contains("Start-ADSyncSyncCycle -PolicyType Delta", body.GetProperty("nextSteps")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("INC1", body.GetProperty("ticket").GetString());
    }

    [Fact]
    public async Task SetImmutableIdFunction_NoBodyDryRun_PlansWithoutWriting()
    {
        var function = new SetImmutableIdFunction(_auth.Runner(Handler()));
        var request = FunctionInvocation.JsonRequest("PUT", $"/api/users/{Upn}/immutable-id", null, _auth.AllRoles);
        request.QueryString = new QueryString("?dryRun=true");

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, Upn, CancellationToken.None), request);

        Assert.Equal(200, status);
        Assert.Equal("planned", body.GetProperty("outcome").GetString());
        Assert.True(body.GetProperty("dryRun").GetBoolean());
        _entra.Verify(d => d.SetImmutableIdAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task SetImmutableIdFunction_PrivilegedTarget_Answers403WithEveryBlocker()
    {
        _roles.Add(new RoleHolding("62e90394-69f5-4237-9190-012177145e10", "Global Administrator", RoleHoldingKind.Active));
        _cloud = _cloud with { UserType = "Guest" };
        var function = new SetImmutableIdFunction(_auth.Runner(Handler()));
        var request = FunctionInvocation.JsonRequest("PUT", $"/api/users/{Upn}/immutable-id", "{}", _auth.AllRoles);

        var (status, contentType, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, Upn, CancellationToken.None), request);

        Assert.Equal(403, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("PrivilegedTarget", body.GetProperty("code").GetString());
        Assert.Equal(["PrivilegedTarget", "GuestUser"], body.GetProperty("blockers").EnumerateArray().Select(b => b.GetProperty("code").GetString()).Order().Reverse());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("traceId").GetString()));
        _entra.Verify(d => d.SetImmutableIdAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("*)(objectClass=*", "InvalidUser")]
    [InlineData("x' or '1' eq '1", "InvalidUser")]
    [InlineData("", "InvalidUser")]
    public async Task SetImmutableIdFunction_BadUser_Answers400BeforeAnyLookup(string user, string code)
    {
        var function = new SetImmutableIdFunction(_auth.Runner(Handler()));
        var request = FunctionInvocation.JsonRequest("PUT", "/api/users/x/immutable-id", "{}", _auth.AllRoles);

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, user, CancellationToken.None), request);

        Assert.Equal(400, status);
        Assert.Equal(code, body.GetProperty("code").GetString());
        _onPrem.VerifyNoOtherCalls();
        _entra.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("{\"source\":\"mail\"}", null, "InvalidSource")]
    [InlineData("{\"objectGuid\":\"not-a-guid\"}", null, "InvalidObjectGuid")]
    [InlineData("{\"replace\":\"yes\"}", null, "InvalidJson")]
    [InlineData("{}", "?dryRun=maybe", "ValidationFailed")]
    public async Task SetImmutableIdFunction_BadBody_Answers400(string json, string? query, string code)
    {
        var function = new SetImmutableIdFunction(_auth.Runner(Handler()));
        var request = FunctionInvocation.JsonRequest("PUT", $"/api/users/{Upn}/immutable-id", json, _auth.AllRoles);
        if (query is not null)
        {
            request.QueryString = new QueryString(query);
        }

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, Upn, CancellationToken.None), request);

        Assert.Equal(400, status);
        Assert.Equal(code, body.GetProperty("code").GetString());
        _entra.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task GetImmutableIdFunction_ByObjectGuid_ReportsBothSides()
    {
        var function = new GetImmutableIdFunction(_auth.Runner(Handler()));
        var request = FunctionInvocation.JsonRequest("GET", $"/api/users/{ObjectGuid}/immutable-id", null, _auth.AllRoles);

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, ObjectGuid.ToString(), CancellationToken.None), request);

        Assert.Equal(200, status);
        Assert.Equal("reported", body.GetProperty("outcome").GetString());
        Assert.Equal("notSet", body.GetProperty("matchState").GetString());
        Assert.Equal(CloudId, body.GetProperty("cloud").GetProperty("id").GetString());
        Assert.Equal(ObjectGuid, body.GetProperty("onPrem").GetProperty("objectGuid").GetGuid());
        Assert.StartsWith("unknown", body.GetProperty("tenantHardMatchBlock").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetImmutableIdFunction_NobodyFound_Answers404()
    {
        var function = new GetImmutableIdFunction(_auth.Runner(Handler()));
        const string nobody = "nobody@contoso.com";
        var request = FunctionInvocation.JsonRequest("GET", $"/api/users/{nobody}/immutable-id", null, _auth.AllRoles);

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, nobody, CancellationToken.None), request);

        Assert.Equal(404, status);
        Assert.Contains(body.GetProperty("code").GetString(), new[] { "CloudUserNotFound", "OnPremUserNotFound" });
        Assert.Equal(2, body.GetProperty("blockers").GetArrayLength());
    }

    [Fact]
    public async Task ClearImmutableIdFunction_TicketInQuery_ClearsAndRecordsTicket()
    {
        _cloud = _cloud with { OnPremisesImmutableId = "yYuRNW0Z6kCXeYidebdT8A==" };
        var function = new ClearImmutableIdFunction(_auth.Runner(Handler()));
        var request = FunctionInvocation.JsonRequest("DELETE", $"/api/users/{Upn}/immutable-id", null, _auth.AllRoles);
        request.QueryString = new QueryString("?ticket=CHG7");

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, Upn, CancellationToken.None), request);

        Assert.Equal(200, status);
        Assert.Equal("succeeded", body.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("after").ValueKind);
        Assert.Equal("CHG7", body.GetProperty("ticket").GetString());
        _entra.Verify(d => d.SetImmutableIdAsync(CloudId, null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SetImmutableIdFunction_GraphThrottles_Answers503WithRetryAfter()
    {
        _entra.SetupReadFailure(new EntraDirectoryException(EntraFailure.Throttled, "429", TimeSpan.FromSeconds(12)));
        var function = new SetImmutableIdFunction(_auth.Runner(Handler()));
        var request = FunctionInvocation.JsonRequest("PUT", $"/api/users/{Upn}/immutable-id", "{}", _auth.AllRoles);

        var (status, _, body) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(request, Upn, CancellationToken.None), request);

        Assert.Equal(503, status);
        Assert.Equal("Throttled", body.GetProperty("code").GetString());
        Assert.Equal("12", request.HttpContext.Response.Headers.RetryAfter.ToString());
    }
}
