using System.Reflection;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Health;
using ImmutableId.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace ImmutableId.Functions.Tests;

/// <summary>The worker middleware of hardened answers: headers on every function's answer, unexpected errors as a bare 500 problem.</summary>
public sealed class HardenedAnswersTests(FunctionsAuth auth) : IClassFixture<FunctionsAuth>
{
    public static TheoryData<string> HttpFunctions()
    {
        var data = new TheoryData<string>();
        foreach (var method in typeof(HealthFunction).Assembly.GetTypes().SelectMany(t => t.GetMethods()))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is { } function &&
                method.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            {
                data.Add(function.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public async Task HardenedHeaders_EveryHttpFunction_SetsNoStoreNosniffAndNoServer(string function)
    {
        var request = FunctionInvocation.JsonRequest("GET", "/api/" + function, null);
        request.HttpContext.Response.Headers.Server = "Kestrel";
        var context = ContextFor(request.HttpContext, function);

        await new HardenedHeadersMiddleware().Invoke(context, _ => Results.Ok().ExecuteAsync(request.HttpContext));

        AssertHardened(request.HttpContext.Response);
    }

    [Fact]
    public async Task HardenedHeaders_HealthFunction_AnswerCarriesTheHeaders()
    {
        var request = FunctionInvocation.JsonRequest("GET", "/api/health", null);
        var context = ContextFor(request.HttpContext, "Health");
        var health = new HealthFunction(auth.Runner(auth.Health));
        IResult? result = null;

        await new HardenedHeadersMiddleware().Invoke(context, async _ => result = await health.RunAsync(request, CancellationToken.None));
        var (status, contentType, _) = await FunctionInvocation.ExecuteAsync(result!, request);

        Assert.Equal(200, status);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        AssertHardened(request.HttpContext.Response);
    }

    [Fact]
    public async Task UnexpectedError_HttpFunctionThrows_Answers500ProblemWithOnlyATraceId()
    {
        var request = FunctionInvocation.JsonRequest("GET", "/api/users/x/immutable-id", null);
        var http = request.HttpContext;
        http.Response.Body = new MemoryStream();
        var context = ContextFor(http, "GetImmutableId");
        var pipeline = new HardenedHeadersMiddleware();
        var errors = new UnexpectedErrorMiddleware(NullLogger<UnexpectedErrorMiddleware>.Instance);

        await pipeline.Invoke(context, c => errors.Invoke(c, _ => throw new InvalidOperationException("secret internals in /home/site/wwwroot")));

        Assert.Equal(500, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        http.Response.Body.Position = 0;
        var text = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        Assert.Equal("InternalError", body.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("traceId").GetString()));
        AssertHardened(http.Response);
    }

    [Fact]
    public async Task UnexpectedError_NonHttpFunctionThrows_Rethrows()
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object>());
        var errors = new UnexpectedErrorMiddleware(NullLogger<UnexpectedErrorMiddleware>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => errors.Invoke(context.Object, _ => throw new InvalidOperationException("timer failed")));
    }

    [Fact]
    public async Task Health_Anonymous_ShowsTheVersionWithoutCommitHash()
    {
        var request = FunctionInvocation.JsonRequest("GET", "/api/health", null);

        var (_, _, body) = await FunctionInvocation.ExecuteAsync((await auth.Health.HandleAsync(false, request)).ToResult(), request);

        var version = body.GetProperty("version").GetString()!;
        Assert.DoesNotContain("+", version, StringComparison.Ordinal);
        Assert.Equal(HealthHandler.PublicVersion, version);
    }

    [Fact]
    public async Task Health_ReadCaller_ShowsTheFullVersion()
    {
        var full = typeof(HealthHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var request = FunctionInvocation.JsonRequest("GET", "/api/health", null, auth.Issuer.AppToken(AppRoles.Read));
        var refused = FunctionInvocation.JsonRequest("GET", "/api/health", null, auth.Issuer.AppToken(AppRoles.Write));

        var (_, _, body) = await FunctionInvocation.ExecuteAsync((await auth.Health.HandleAsync(false, request)).ToResult(), request);
        var (status, _, refusedBody) = await FunctionInvocation.ExecuteAsync((await auth.Health.HandleAsync(false, refused)).ToResult(), refused);

        Assert.Equal(full, body.GetProperty("version").GetString());
        Assert.Equal(200, status);
        Assert.Equal(HealthHandler.PublicVersion, refusedBody.GetProperty("version").GetString());
    }

    internal static void AssertHardened(HttpResponse response)
    {
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.False(response.Headers.ContainsKey("Server"));
    }

    private static FunctionContext ContextFor(HttpContext http, string function)
    {
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns(function);
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object> { ["HttpRequestContext"] = http });
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        return context.Object;
    }
}
