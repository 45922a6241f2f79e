using System.Reflection;
using ImmutableId.Api;
using ImmutableId.Api.OpenApi;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions.Tests;

public sealed class OpenApiFunctionTests(FunctionsAuth auth) : IClassFixture<FunctionsAuth>
{
    [Fact]
    public async Task OpenApiV3Function_Get_AnswersOpenApi3WithTheConfiguredPublicBaseUrl()
    {
        var function = new OpenApiV3Function(auth.Runner(new OpenApiHandler(options: new OpenApiOptions { PublicBaseUrl = "https://func-immutableid.azurewebsites.net" })));
        var request = FunctionInvocation.JsonRequest("GET", "/api/openapi/v3.json", null);
        request.Scheme = "http";
        request.Host = new("evil.example");

        var result = await function.RunAsync(request, CancellationToken.None);
        var (status, contentType, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(200, status);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        Assert.StartsWith("3.0.", body.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://func-immutableid.azurewebsites.net/api", body.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task OpenApiV2Function_BehindFrontEnd_AnswersSwagger2WithTheAllowListedForwardedHost()
    {
        var options = new OpenApiOptions();
        options.AllowedForwardedHosts.Add("func-immutableid.azurewebsites.net");
        var function = new OpenApiV2Function(auth.Runner(new OpenApiHandler(options: options)));
        var request = FunctionInvocation.JsonRequest("GET", "/api/openapi/v2.json", null);
        request.Scheme = "http";
        request.Host = new("127.0.0.1:40123");
        request.Headers["X-Forwarded-Proto"] = "https";
        request.Headers["X-Forwarded-Host"] = "func-immutableid.azurewebsites.net";

        var result = await function.RunAsync(request, CancellationToken.None);
        var (status, contentType, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(200, status);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        Assert.Equal("2.0", body.GetProperty("swagger").GetString());
        Assert.Equal("func-immutableid.azurewebsites.net", body.GetProperty("host").GetString());
        Assert.Equal("https", body.GetProperty("schemes")[0].GetString());
    }

    [Fact]
    public async Task OpenApiV2Function_UnlistedForwardedHost_AnswersNoHost()
    {
        var function = new OpenApiV2Function(auth.Runner(new OpenApiHandler()));
        var request = FunctionInvocation.JsonRequest("GET", "/api/openapi/v2.json", null);
        request.Host = new("func-immutableid.azurewebsites.net");
        request.Headers["X-Forwarded-Host"] = "evil.example";

        var result = await function.RunAsync(request, CancellationToken.None);
        var (_, _, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.False(body.TryGetProperty("host", out _));
        Assert.Equal("/api", body.GetProperty("basePath").GetString());
    }

    [Theory]
    [InlineData(typeof(OpenApiV3Function), "OpenApiV3", OpenApiDocumentsApi.V3Route)]
    [InlineData(typeof(OpenApiV2Function), "OpenApiV2", OpenApiDocumentsApi.V2Route)]
    public void OpenApiFunctions_AreAnonymousGets_OnTheSharedRoutes(Type type, string name, string route)
    {
        var run = type.GetMethod("RunAsync")!;
        var trigger = run.GetParameters()[0].GetCustomAttribute<HttpTriggerAttribute>()!;

        Assert.Equal(name, run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(route, trigger.Route);
        Assert.Equal(["get"], trigger.Methods!);
        Assert.Equal(AuthorizationLevel.Anonymous, trigger.AuthLevel);
    }

    [Fact]
    public void BuildOutput_HasTheContractDocsTheDocumentsDescribeFieldsWith()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "ImmutableId.Api.xml")));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "ImmutableId.Core.xml")));
    }
}
