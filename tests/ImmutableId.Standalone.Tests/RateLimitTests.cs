using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Audit;
using ImmutableId.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Standalone.Tests;

/// <summary>Inbound rate limits per caller and operation class, through the whole Standalone pipeline (windows of an hour: nothing refills mid-test).</summary>
public sealed class RateLimitTests(RateLimitTests.LimitedFactory factory) : IClassFixture<RateLimitTests.LimitedFactory>
{
    private static readonly object ConvertBody = new { value = "35918bc9-196d-40ea-9779-889d79b753f0" };

    [Fact]
    public async Task Reads_OverTheLimit_Answers429ProblemWithRetryAfter()
    {
        var client = ClientFor(Guid.NewGuid().ToString(), AppRoles.Read);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/convert", ConvertBody)).StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/convert", ConvertBody);

        await ConvertEndpointTests.AssertProblemAsync(refused, (HttpStatusCode)429, "TooManyRequests");
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("reads", body.RootElement.GetProperty("operationClass").GetString());
        HardenedAnswersTests.AssertHardened(refused, "429");
    }

    [Fact]
    public async Task Reads_OneCallerLimited_OtherCallerStillServed()
    {
        var noisy = ClientFor(Guid.NewGuid().ToString(), AppRoles.Read);
        for (var i = 0; i < 4; i++)
        {
            await noisy.PostAsJsonAsync("/api/convert", ConvertBody);
        }

        var quiet = await ClientFor(Guid.NewGuid().ToString(), AppRoles.Read).PostAsJsonAsync("/api/convert", ConvertBody);

        Assert.Equal((HttpStatusCode)429, (await noisy.PostAsJsonAsync("/api/convert", ConvertBody)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, quiet.StatusCode);
    }

    [Fact]
    public async Task DryRuns_OverTheirLimit_Answer429WhileWritesKeepTheirOwn()
    {
        var client = ClientFor(Guid.NewGuid().ToString(), AppRoles.Read, AppRoles.Write);
        const string path = "/api/users/alex.wilber%40contoso.com/immutable-id";
        for (var i = 0; i < 2; i++)
        {
            Assert.NotEqual((HttpStatusCode)429, (await client.PutAsync(path + "?dryRun=true", null)).StatusCode);
        }

        var refused = await client.PutAsync(path + "?dryRun=true", null);
        var realWrite = await client.PutAsync(path, null);

        await ConvertEndpointTests.AssertProblemAsync(refused, (HttpStatusCode)429, "TooManyRequests");
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("dryRuns", body.RootElement.GetProperty("operationClass").GetString());
        Assert.NotEqual((HttpStatusCode)429, realWrite.StatusCode);
    }

    [Fact]
    public async Task Writes_OverTheLimit_AuditTheRefusalAsTooManyRequests()
    {
        var client = ClientFor(Guid.NewGuid().ToString(), AppRoles.Write);
        const string path = "/api/users/megan.bowen%40contoso.com/immutable-id";
        for (var i = 0; i < 5; i++)
        {
            Assert.NotEqual((HttpStatusCode)429, (await client.PutAsync(path + "?ticket=INC-LIMIT", null)).StatusCode);
        }

        var refused = await client.PutAsync(path + "?ticket=INC-LIMIT", null);

        await ConvertEndpointTests.AssertProblemAsync(refused, (HttpStatusCode)429, "TooManyRequests");
        var operationId = Guid.Parse(Assert.Single(refused.Headers.GetValues("X-Operation-Id")));
        var record = await factory.Services.GetRequiredService<IAuditLog>().GetAsync(operationId);
        Assert.NotNull(record);
        Assert.Equal(AuditOutcome.Refused, record.Outcome);
        Assert.Equal("TooManyRequests", record.Error);
        Assert.Equal("INC-LIMIT", record.Ticket);
    }

    [Fact]
    public async Task Unauthenticated_Calls_SpendNoPermits()
    {
        var appId = Guid.NewGuid().ToString();
        var anonymous = factory.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/convert", ConvertBody)).StatusCode);
        }

        var response = await ClientFor(appId, AppRoles.Read).PostAsJsonAsync("/api/convert", ConvertBody);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient ClientFor(string appId, params string[] roles) =>
        factory.CreateClientWithToken(factory.Issuer.CreateToken(new TestToken { AppId = appId, ObjectId = Guid.NewGuid().ToString(), Roles = roles }));

    public sealed class LimitedFactory : StandaloneFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["RateLimits:Reads:PermitLimit"] = "3",
            ["RateLimits:Reads:Window"] = "01:00:00",
            ["RateLimits:DryRuns:PermitLimit"] = "2",
            ["RateLimits:DryRuns:Window"] = "01:00:00",
            ["RateLimits:Writes:PermitLimit"] = "5",
            ["RateLimits:Writes:Window"] = "01:00:00",
        };
    }
}
