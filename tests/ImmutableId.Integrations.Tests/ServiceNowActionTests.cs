using System.Text.Json;
using Xunit.Abstractions;

namespace ImmutableId.Integrations.Tests;

/// <summary>
/// integrations/servicenow/hard-match-action.js — the Flow Designer action's script, as pasted into ServiceNow — run
/// by integrations/servicenow/run-action.js (ServiceNow's RESTMessageV2, GlideDigest and gs over real HTTP) against
/// the sandbox, and against a stub on 127.0.0.1 for the answers the sandbox does not give on demand.
/// </summary>
public sealed class ServiceNowActionTests(SandboxServer sandbox, ITestOutputHelper output) : IClassFixture<SandboxServer>
{
    private const string Planned = """{"user":"a@contoso.com","outcome":"planned","after":"AAAAAAAAAAAAAAAAAAAAAA==","anchor":{"guid":"00000000-0000-0000-0000-000000000000","source":"objectGuid"},"nextSteps":["Start-ADSyncSyncCycle -PolicyType Delta"]}""";

    [Fact]
    public async Task Action_AgainstTheSandbox_WritesAndReportsSucceeded()
    {
        var outputs = await RunAsync(sandbox.BaseUrl + "/api", "adele.vance@contoso.com", dryRun: false);

        Assert.Equal("succeeded", outputs.GetProperty("outcome").GetString());
        Assert.Equal(200, outputs.GetProperty("http_status").GetInt32());
        Assert.False(string.IsNullOrEmpty(outputs.GetProperty("immutable_id").GetString()));
        Assert.False(string.IsNullOrEmpty(outputs.GetProperty("operation_id").GetString()));
    }

    [Fact]
    public async Task Action_PrivilegedTargetInTheSandbox_ReportsRefusedWithItsCode()
    {
        var outputs = await RunAsync(sandbox.BaseUrl + "/api", "diego.siciliani@contoso.com", dryRun: false);

        Assert.Equal("refused", outputs.GetProperty("outcome").GetString());
        Assert.Equal("PrivilegedTarget", outputs.GetProperty("problem_code").GetString());
        Assert.Equal(1, outputs.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Action_UserBusyThenThrottledThenUnavailable_RetriedAfterRetryAfterUntilTheAnswer()
    {
        await using var stub = await StubApi.StartAsync(
            StubAnswer.Problem(409, "UserBusy", retryAfter: 1),
            StubAnswer.Problem(429, "TooManyRequests", retryAfter: 1),
            StubAnswer.Problem(503, "UpstreamUnavailable", retryAfter: 1),
            new StubAnswer(200, "application/json", Planned));

        var (outputs, log) = await RunWithLogAsync(stub.ApiUrl, "a@contoso.com", dryRun: true);

        Assert.Equal("planned", outputs.GetProperty("outcome").GetString());
        Assert.Equal(4, outputs.GetProperty("attempts").GetInt32());
        Assert.Equal(4, stub.Requests.Count);
        Assert.Equal(3, log.Split('\n').Count(l => l == "gs.sleep(1000)"));   // each wait is the answer's Retry-After
    }

    [Fact]
    public async Task Action_StillThrottledAfterTheRetries_StopsAndReportsBusy()
    {
        await using var stub = await StubApi.StartAsync(Enumerable.Repeat(StubAnswer.Problem(429, "TooManyRequests", retryAfter: 1), 6).ToArray());

        var outputs = await RunAsync(stub.ApiUrl, "a@contoso.com", dryRun: true);

        Assert.Equal("busy", outputs.GetProperty("outcome").GetString());
        Assert.Equal("TooManyRequests", outputs.GetProperty("problem_code").GetString());
        Assert.Equal(4, stub.Requests.Count);   // the first call and three retries, no more
        Assert.Contains("Run the action again later", outputs.GetProperty("work_note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_ConflictThatIsARefusal_NotRetried()
    {
        await using var stub = await StubApi.StartAsync(StubAnswer.Problem(409, "AnchorInUse", retryAfter: 1), new StubAnswer(200, "application/json", Planned));

        var outputs = await RunAsync(stub.ApiUrl, "a@contoso.com", dryRun: true);

        Assert.Equal("refused", outputs.GetProperty("outcome").GetString());
        Assert.Equal("AnchorInUse", outputs.GetProperty("problem_code").GetString());
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Action_NoAnswerWithinTheTimeout_ReportsTimeout()
    {
        await using var stub = await StubApi.StartAsync(new StubAnswer(200, "application/json", Planned, Hang: true));

        var outputs = await RunAsync(stub.ApiUrl, "a@contoso.com", dryRun: true, timeoutMs: 1000);

        Assert.Equal("timeout", outputs.GetProperty("outcome").GetString());
        Assert.Equal("Timeout", outputs.GetProperty("problem_code").GetString());
        Assert.Equal(0, outputs.GetProperty("http_status").GetInt32());
        Assert.Contains("Run the action again", outputs.GetProperty("work_note").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, "text/html", "<html><body>Sign in to continue</body></html>")]
    [InlineData(502, "text/html", "<html><body>Bad gateway</body></html>")]
    public async Task Action_AnswerThatIsNotJson_ReportedNotThrown(int status, string contentType, string body)
    {
        await using var stub = await StubApi.StartAsync(new StubAnswer(status, contentType, body));

        var outputs = await RunAsync(stub.ApiUrl, "a@contoso.com", dryRun: true);

        Assert.Equal("failed", outputs.GetProperty("outcome").GetString());
        Assert.Equal("NotJson", outputs.GetProperty("problem_code").GetString());
        Assert.Equal(status, outputs.GetProperty("http_status").GetInt32());
        Assert.Contains(body[..20], outputs.GetProperty("problem_detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> RunAsync(string api, string upn, bool dryRun, int? timeoutMs = null) =>
        (await RunWithLogAsync(api, upn, dryRun, timeoutMs)).Outputs;

    private async Task<(JsonElement Outputs, string Log)> RunWithLogAsync(string api, string upn, bool dryRun, int? timeoutMs = null)
    {
        var inputs = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["upn"] = upn,
            ["ticket_number"] = "INC0012345",
            ["ticket_sys_id"] = "46d44a5fa9fe198100d5b5fd4e2f3a11",
            ["dry_run"] = dryRun ? "true" : "false",
        });
        var environment = new Dictionary<string, string?> { ["IMMUTABLEID_API"] = api };
        if (timeoutMs is { } ms)
        {
            environment["RUN_ACTION_HTTP_TIMEOUT_MS"] = ms.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (!api.StartsWith(sandbox.BaseUrl, StringComparison.Ordinal))
        {
            environment["IMMUTABLEID_TOKEN"] = "stub";
        }

        var run = await ProcessRun.StartAsync("node", [Path.Combine(Repository.Integrations, "servicenow", "run-action.js"), inputs], environment: environment);
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.StandardOutput);
        return (document.RootElement.Clone(), run.StandardError);
    }
}
