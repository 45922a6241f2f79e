using System.Net;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace ImmutableId.Standalone.Tests;

/// <summary><c>GET /api/operations/{id}</c> and <c>GET /api/operations</c> (ImmutableId.Read) over the real SQLite store.</summary>
public sealed class OperationsEndpointTests(StandaloneFactory factory) : IClassFixture<StandaloneFactory>
{
    [Fact]
    public async Task GetOperation_ExistingRecord_AnswersTheRecord()
    {
        var record = await SeedAsync(Record(DateTimeOffset.UtcNow, "get-one@contoso.com", "INC100") with { Outcome = AuditOutcome.Refused, Error = "PrivilegedTarget" });

        var response = await factory.CreateClientWithRoles(AppRoles.Read).GetAsync($"/api/operations/{record.OperationId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(record.OperationId.ToString(), root.GetProperty("operationId").GetString());
        Assert.Equal("refused", root.GetProperty("outcome").GetString());
        Assert.Equal("INC100", root.GetProperty("ticket").GetString());
        Assert.Equal("ServiceNow", root.GetProperty("caller").GetProperty("displayName").GetString());
        Assert.Equal("get-one@contoso.com", root.GetProperty("target").GetProperty("userPrincipalName").GetString());
    }

    [Fact]
    public async Task GetOperation_UnknownId_Answers404Problem()
    {
        var response = await factory.CreateClientWithRoles(AppRoles.Read).GetAsync($"/api/operations/{Guid.CreateVersion7()}");

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "OperationNotFound");
    }

    [Fact]
    public async Task GetOperation_NotAGuid_Answers400Problem()
    {
        var response = await factory.CreateClientWithRoles(AppRoles.Read).GetAsync("/api/operations/not-a-guid");

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidOperationId");
    }

    [Fact]
    public async Task ListOperations_ByUpnWithPaging_FollowsNextLinksNewestFirst()
    {
        var upn = $"pager-{Guid.NewGuid():N}@contoso.com";
        var now = DateTimeOffset.UtcNow;
        var seeded = new List<AuditRecord>();
        for (var i = 0; i < 5; i++)
        {
            seeded.Add(await SeedAsync(Record(now.AddSeconds(i - 10), upn, "INC200") with { Outcome = AuditOutcome.Succeeded }));
        }

        var client = factory.CreateClientWithRoles(AppRoles.Read);
        var seen = new List<string>();
        var url = $"/api/operations?upn={Uri.EscapeDataString(upn.ToUpperInvariant())}&pageSize=2";
        var pages = 0;
        while (url is not null)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            seen.AddRange(body.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("operationId").GetString()!));
            url = body.RootElement.GetProperty("nextLink").GetString();
            Assert.True(url is null || Uri.TryCreate(url, UriKind.Absolute, out _), $"nextLink is not absolute (connectors follow absolute links only): {url}");
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(seeded.Select(r => r.OperationId.ToString()).Reverse(), seen);
    }

    [Fact]
    public async Task ListOperations_ByTicketAndTimeRange_FiltersBoth()
    {
        var ticket = "INC-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var old = await SeedAsync(Record(now.AddHours(-3), "a@contoso.com", ticket) with { Outcome = AuditOutcome.DryRun });
        var recent = await SeedAsync(Record(now.AddMinutes(-5), "b@contoso.com", ticket) with { Outcome = AuditOutcome.Succeeded });
        await SeedAsync(Record(now.AddMinutes(-4), "c@contoso.com", "OTHER") with { Outcome = AuditOutcome.Succeeded });

        var from = Uri.EscapeDataString(now.AddHours(-1).ToString("O"));
        var response = await factory.CreateClientWithRoles(AppRoles.Read).GetAsync($"/api/operations?ticket={ticket}&from={from}");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ids = body.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("operationId").GetString()).ToList();
        Assert.Equal([recent.OperationId.ToString()], ids);
        Assert.DoesNotContain(old.OperationId.ToString(), ids);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("continuationToken").ValueKind);
    }

    [Theory]
    [InlineData("?from=yesterday", "ValidationFailed")]
    [InlineData("?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z", "ValidationFailed")]
    [InlineData("?pageSize=0", "ValidationFailed")]
    [InlineData("?pageSize=1000", "ValidationFailed")]
    [InlineData("?continuationToken=bogus", "InvalidContinuationToken")]
    public async Task ListOperations_BadQuery_Answers400Problem(string query, string code)
    {
        var response = await factory.CreateClientWithRoles(AppRoles.Read).GetAsync("/api/operations" + query);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Theory]
    [InlineData(new string[0], HttpStatusCode.Forbidden)]
    [InlineData(new[] { AppRoles.Write, AppRoles.Clear }, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Operations_WithoutReadRole_AreRefusedBeforeTheStoreIsTouched(string[]? roles, HttpStatusCode expected)
    {
        // Loose: the start-up reconciliation may list pending intents (none here); what matters is that no record is read.
        var audit = new Mock<IAuditLog>();
        audit.Setup(a => a.ListPendingAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        using var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(audit.Object)));
        var client = host.CreateClient();
        if (roles is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", factory.Issuer.AppToken(roles));
        }

        var one = await client.GetAsync($"/api/operations/{Guid.CreateVersion7()}");
        var list = await client.GetAsync("/api/operations?upn=a@contoso.com");

        Assert.Equal(expected, one.StatusCode);
        Assert.Equal(expected, list.StatusCode);
        audit.Verify(a => a.GetAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()), Times.Never);
        audit.Verify(a => a.QueryAsync(It.IsAny<AuditQuery>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task GetOperation_AbandonedIntent_IsReconciledByReadingTheUserBack()
    {
        // An intent written 5 minutes ago whose outcome never came (the process died after the PATCH).
        var entra = new Mock<IEntraDirectory>();
        entra.Setup(e => e.GetUserAsync("cloud-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CloudUser("cloud-1", "crash@contoso.com", "Crash", null, "Member", true, "yYuRNW0Z6kCXeYidebdT8A==", false, null, null, null));
        using var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(entra.Object)));
        var audit = host.Services.GetRequiredService<IAuditLog>();
        var intent = Record(DateTimeOffset.UtcNow.AddMinutes(-5), "crash@contoso.com", "INC300");
        await audit.WriteIntentAsync(intent);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", factory.Issuer.AppToken(AppRoles.Read));

        var response = await client.GetAsync($"/api/operations/{intent.OperationId}");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("succeeded", body.RootElement.GetProperty("outcome").GetString());
        Assert.True(body.RootElement.GetProperty("reconciled").GetBoolean());
        Assert.True(body.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal(AuditOutcome.Succeeded, (await audit.GetAsync(intent.OperationId))!.Outcome);
    }

    [Fact]
    public async Task GetOperation_AbandonedIntentWhoseValueAnotherOperationAlsoWrote_IsIndeterminate()
    {
        var entra = new Mock<IEntraDirectory>();
        entra.Setup(e => e.GetUserAsync("cloud-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CloudUser("cloud-1", "rival@contoso.com", "Rival", null, "Member", true, "yYuRNW0Z6kCXeYidebdT8A==", false, null, null, null));
        using var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(entra.Object)));
        var audit = host.Services.GetRequiredService<IAuditLog>();
        var intent = Record(DateTimeOffset.UtcNow.AddMinutes(-5), "rival@contoso.com", "INC301");
        var rival = Record(DateTimeOffset.UtcNow.AddMinutes(-4), "rival@contoso.com", "INC302") with { Outcome = AuditOutcome.Succeeded, CompletedAt = DateTimeOffset.UtcNow.AddMinutes(-4) };

        // The rival's record first: the host's start-up reconciliation runs in the background and may look at the
        // intent the moment it is stored; it must already see the rival then (written after, it raced the test).
        await audit.WriteOutcomeAsync(rival);
        await audit.WriteIntentAsync(intent);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", factory.Issuer.AppToken(AppRoles.Read));

        var response = await client.GetAsync($"/api/operations/{intent.OperationId}");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("indeterminate", body.RootElement.GetProperty("outcome").GetString());
        Assert.Contains(rival.OperationId.ToString(), body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(AuditOutcome.Succeeded, (await audit.GetAsync(rival.OperationId))!.Outcome);
    }

    private async Task<AuditRecord> SeedAsync(AuditRecord record)
    {
        var audit = factory.Services.GetRequiredService<IAuditLog>();
        if (record.Outcome == AuditOutcome.Pending)
        {
            await audit.WriteIntentAsync(record);
        }
        else
        {
            await audit.WriteOutcomeAsync(record);
        }

        return record;
    }

    private static AuditRecord Record(DateTimeOffset time, string upn, string? ticket) => new(
        Guid.CreateVersion7(time),
        time,
        AuditOperation.Set,
        DryRun: false,
        new AuditCaller("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "ServiceNow", AppOnly: true, "tenant"),
        ticket,
        Reason: "test",
        new AuditTarget(upn, "cloud-1", "CN=X,OU=Staff,DC=corp,DC=contoso,DC=com", Guid.Parse("35918bc9-196d-40ea-9779-889d79b753f0"), upn),
        Before: null,
        After: "yYuRNW0Z6kCXeYidebdT8A==",
        AnchorSource: "objectGuid",
        Guardrails: [],
        Outcome: AuditOutcome.Pending);
}
