using System.Text.Json;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Core.HardMatch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImmutableId.Api.Tests;

public sealed class HardMatchProblemsTests
{
    private static HardMatchResult Refused(TimeSpan? retryAfter, params GuardrailCode[] codes)
    {
        Assert.True(UserKey.TryParse("adele.vance@contoso.com", out var key, out _));
        return new HardMatchResult
        {
            Operation = HardMatchOperation.Set,
            Outcome = HardMatchOutcome.Refused,
            User = key,
            Checks = [.. codes.Select(c => new GuardrailCheck(c, GuardrailVerdict.Blocked, $"{c} detail")), new GuardrailCheck(GuardrailCode.AnchorSourceMismatch, GuardrailVerdict.Warning, "w")],
            RetryAfter = retryAfter,
        };
    }

    private static async Task<(int Status, HttpResponse Response, JsonElement Body)> ExecuteAsync(HardMatchResult result)
    {
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        await HardMatchProblems.Create(context, result).ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var doc = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, context.Response, doc.RootElement.Clone());
    }

    [Theory]
    [InlineData(GuardrailCode.CloudUserNotFound, 404)]
    [InlineData(GuardrailCode.OnPremUserNotFound, 404)]
    [InlineData(GuardrailCode.PrivilegedTarget, 403)]
    [InlineData(GuardrailCode.ProtectedOnPremAccount, 403)]
    [InlineData(GuardrailCode.OutOfScope, 403)]
    [InlineData(GuardrailCode.CloudUserSynced, 409)]
    [InlineData(GuardrailCode.CloudUserLinked, 409)]
    [InlineData(GuardrailCode.ImmutableIdAlreadySet, 409)]
    [InlineData(GuardrailCode.AnchorInUse, 409)]
    [InlineData(GuardrailCode.AmbiguousOnPremUser, 409)]
    [InlineData(GuardrailCode.FederatedDomain, 422)]
    [InlineData(GuardrailCode.OnPremAccountDisabled, 422)]
    [InlineData(GuardrailCode.GuestUser, 422)]
    [InlineData(GuardrailCode.ObjectGuidMismatch, 422)]
    [InlineData(GuardrailCode.AnchorSourceUnavailable, 422)]
    [InlineData(GuardrailCode.Throttled, 503)]
    [InlineData(GuardrailCode.UpstreamUnavailable, 503)]
    [InlineData(GuardrailCode.UpstreamError, 502)]
    public async Task Create_EachCode_HasItsStatusAndCode(GuardrailCode code, int status)
    {
        var (actual, _, body) = await ExecuteAsync(Refused(null, code));

        Assert.Equal(status, actual);
        Assert.Equal(code.ToString(), body.GetProperty("code").GetString());
        Assert.Equal($"{code} detail", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Create_SeveralBlockers_MostSevereLeadsAndAllAreListed()
    {
        var (status, _, body) = await ExecuteAsync(Refused(null, GuardrailCode.GuestUser, GuardrailCode.ProtectedOnPremAccount, GuardrailCode.CloudUserSynced, GuardrailCode.PrivilegedTarget));

        Assert.Equal(403, status);
        Assert.Equal("PrivilegedTarget", body.GetProperty("code").GetString());
        Assert.Equal(4, body.GetProperty("blockers").GetArrayLength());
        Assert.Equal("AnchorSourceMismatch", body.GetProperty("warnings")[0].GetProperty("code").GetString());
        Assert.Equal("set", body.GetProperty("operation").GetString());
        Assert.Contains("3 more blockers", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Throttled_SetsRetryAfterSeconds()
    {
        var (status, response, _) = await ExecuteAsync(Refused(TimeSpan.FromSeconds(2.2), GuardrailCode.Throttled, GuardrailCode.GuestUser));

        Assert.Equal(503, status);
        Assert.Equal("3", response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public void Create_NoBlocker_Throws()
    {
        Assert.Throws<ArgumentException>(() => HardMatchProblems.Create(new DefaultHttpContext(), Refused(null)));
    }
}
