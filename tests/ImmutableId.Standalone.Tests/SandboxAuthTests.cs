using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImmutableId.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Standalone.Tests;

/// <summary>The sandbox's own dev tokens: minted locally, accepted by that sandbox only, never combinable with real settings.</summary>
public sealed class SandboxAuthTests
{
    [Fact]
    public async Task SandboxToken_MintedByTheSandbox_IsAcceptedThere()
    {
        await using var sandbox = Sandbox();
        var client = sandbox.CreateClient();

        var minted = await client.PostAsJsonAsync("/_sandbox/token", new { roles = new[] { AppRoles.Read } });
        using var body = JsonDocument.Parse(await minted.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("access_token").GetString());
        var response = await client.PostAsJsonAsync("/api/convert", new { value = "35918bc9-196d-40ea-9779-889d79b753f0" });

        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        Assert.True(body.RootElement.GetProperty("sandbox").GetBoolean());
        Assert.Contains("SANDBOX", body.RootElement.GetProperty("warning").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SandboxToken_WithoutTheRole_Answers403()
    {
        await using var sandbox = Sandbox();
        var client = sandbox.CreateClient();
        var minted = await client.PostAsJsonAsync("/_sandbox/token", new { roles = new[] { AppRoles.Write } });
        using var body = JsonDocument.Parse(await minted.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("access_token").GetString());

        var response = await client.PostAsJsonAsync("/api/convert", new { value = "35918bc9-196d-40ea-9779-889d79b753f0" });

        // The way out is the sandbox's token endpoint with the role, not the Entra portal's app role assignment.
        var problem = await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "InsufficientRole");
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("this sandbox token's roles claim holds ImmutableId.Write", detail, StringComparison.Ordinal);
        Assert.Contains("POST /_sandbox/token with {\"roles\":[\"ImmutableId.Read\",\"ImmutableId.Write\"]}", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Enterprise applications", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxToken_SetJobWithoutWrite_SaysWhichTokenToMint()
    {
        await using var sandbox = Sandbox();
        var client = sandbox.CreateClient();
        var minted = await client.PostAsJsonAsync("/_sandbox/token", new { roles = new[] { AppRoles.Read } });
        using var body = JsonDocument.Parse(await minted.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("access_token").GetString());

        var response = await client.PostAsJsonAsync("/api/jobs", new { operation = "set", users = new[] { "adele.vance@contoso.com" } });

        var problem = await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "InsufficientRole");
        Assert.Contains("POST /_sandbox/token with {\"roles\":[\"ImmutableId.Read\",\"ImmutableId.Write\"]}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxToken_FromAnotherSandboxInstance_Answers401()
    {
        await using var sandbox = Sandbox();
        using var other = new SandboxTokenService();
        var client = sandbox.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", other.Mint([AppRoles.Read]));

        var response = await client.PostAsJsonAsync("/api/convert", new { value = "35918bc9-196d-40ea-9779-889d79b753f0" });

        var problem = await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "InvalidToken");
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("new signing key at every start", detail, StringComparison.Ordinal);
        Assert.Contains("POST /_sandbox/token", detail, StringComparison.Ordinal);
        Assert.Contains("POST /_sandbox/token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxToken_Expired_SaysWhenAndHowToGetANewOne()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var sandbox = new SandboxTokenService(clock);
        var token = sandbox.Mint([AppRoles.Read]);
        clock.Advance(SandboxTokenService.Lifetime + TimeSpan.FromMinutes(5));

        var check = await ((ITokenValidator)sandbox).ValidateAsync(token);

        Assert.Null(check.Identity);
        Assert.StartsWith("The token expired at ", check.Error, StringComparison.Ordinal);
        Assert.EndsWith("Get a new one: POST /_sandbox/token.", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxToken_WholeTokenAnswerSentAsTheToken_SaysToSendOnlyTheAccessToken()
    {
        await using var sandbox = Sandbox();
        var client = sandbox.CreateClient();
        var minted = await client.PostAsync("/_sandbox/token", null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + (await minted.Content.ReadAsStringAsync()).Replace(" ", string.Empty, StringComparison.Ordinal));

        var response = await client.PostAsJsonAsync("/api/convert", new { value = "35918bc9-196d-40ea-9779-889d79b753f0" });

        var problem = await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "InvalidToken");
        Assert.Contains("send only the access_token value", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxTokenEndpoint_UnknownRole_Answers400()
    {
        await using var sandbox = Sandbox();

        var response = await sandbox.CreateClient().PostAsJsonAsync("/_sandbox/token", new { roles = new[] { "GlobalAdmin" } });

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "ValidationFailed");
    }

    [Fact]
    public void Sandbox_WithRealAuthSettings_RefusesToStart()
    {
        using var host = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Auth:Sandbox", "true");
            b.UseSetting("Auth:TenantId", Guid.NewGuid().ToString());
            b.UseSetting("Auth:Audiences:0", "api://immutableid");
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("cannot be combined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_WithoutTenant_RefusesToStart()
    {
        using var host = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Auth:Sandbox", "false"));

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("Auth:TenantId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_AllowingTheSandboxIssuer_RefusesToStart()
    {
        using var host = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Auth:TenantId", Guid.NewGuid().ToString());
            b.UseSetting("Auth:Audiences:0", SandboxTokenService.Audience);
            b.UseSetting("Auth:AllowedIssuers:0", SandboxTokenService.IssuerPrefix + SandboxTokenService.TenantId + "/");
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("sandbox issuer", error.Message, StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> Sandbox() => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("Auth:Sandbox", "true");
        b.UseSetting("Storage:SqlitePath", Path.Combine(Path.GetTempPath(), "immutableid-sandbox-" + Guid.NewGuid().ToString("N"), "s.db"));
    });
}

