using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Convert;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Functions.Tests;

/// <summary>The Functions host limits inbound calls through the same gate as the Standalone host.</summary>
public sealed class RateLimitFunctionTests(FunctionsAuth auth) : IClassFixture<FunctionsAuth>
{
    [Fact]
    public async Task ConvertFunction_OverTheReadLimit_Answers429ProblemWithRetryAfter()
    {
        await using var services = FunctionsAuth.Build(new Dictionary<string, string?>(auth.Issuer.AuthSettings)
        {
            ["Storage:SqlitePath"] = Path.Combine(Path.GetTempPath(), "immutableid-ratelimit-" + Guid.NewGuid().ToString("N"), "f.db"),
            ["RateLimits:Reads:PermitLimit"] = "1",
            ["RateLimits:Reads:Window"] = "01:00:00",
        });
        var function = new ConvertFunction(new ApiEndpointRunner<ConvertHandler>(services.GetRequiredService<ApiEndpointPipeline>(), new ConvertHandler()));
        var token = auth.Issuer.AppToken(AppRoles.Read);
        const string body = "{\"value\":\"35918bc9-196d-40ea-9779-889d79b753f0\"}";

        var first = FunctionInvocation.JsonRequest("POST", "/api/convert", body, token);
        var (firstStatus, _, _) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(first, CancellationToken.None), first);
        var second = FunctionInvocation.JsonRequest("POST", "/api/convert", body, token);
        var (status, contentType, problem) = await FunctionInvocation.ExecuteAsync(await function.RunAsync(second, CancellationToken.None), second);

        Assert.Equal(200, firstStatus);
        Assert.Equal(429, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("TooManyRequests", problem.GetProperty("code").GetString());
        Assert.True(int.Parse(second.HttpContext.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }
}
