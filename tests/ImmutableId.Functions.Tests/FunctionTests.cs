using System.Reflection;
using System.Text.Json;
using ImmutableId.Api;
using ImmutableId.Api.Convert;
using ImmutableId.Api.Health;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions.Tests;

public sealed class FunctionTests
{
    [Fact]
    public async Task ConvertFunction_Vector_AnswersEveryForm()
    {
        var function = new ConvertFunction(new ConvertHandler());
        var request = FunctionInvocation.JsonRequest("POST", "/api/convert", "{\"value\":\"35918bc9-196d-40ea-9779-889d79b753f0\"}");

        var result = await function.RunAsync(request, CancellationToken.None);
        var (status, _, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(200, status);
        Assert.Equal("yYuRNW0Z6kCXeYidebdT8A==", body.GetProperty("immutableId").GetString());
        Assert.Equal("guid", body.GetProperty("detectedFormat").GetString());
    }

    [Fact]
    public async Task ConvertFunction_MalformedJson_AnswersProblem()
    {
        var function = new ConvertFunction(new ConvertHandler());
        var request = FunctionInvocation.JsonRequest("POST", "/api/convert", "{\"value\"");

        var result = await function.RunAsync(request, CancellationToken.None);
        var (status, contentType, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("InvalidJson", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task HealthFunction_Get_AnswersHealthy()
    {
        var function = new HealthFunction(new HealthHandler());
        var request = FunctionInvocation.JsonRequest("GET", "/api/health", null);

        var result = await function.RunAsync(request, CancellationToken.None);
        var (status, _, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(200, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(typeof(ConvertFunction), "Convert", ApiRoutes.Convert, "post")]
    [InlineData(typeof(HealthFunction), "Health", ApiRoutes.Health, "get")]
    [InlineData(typeof(GetImmutableIdFunction), "GetImmutableId", ApiRoutes.UserImmutableId, "get")]
    [InlineData(typeof(SetImmutableIdFunction), "SetImmutableId", ApiRoutes.UserImmutableId, "put")]
    [InlineData(typeof(ClearImmutableIdFunction), "ClearImmutableId", ApiRoutes.UserImmutableId, "delete")]
    public void Functions_AreAnonymousAtTheFunctionsLayer_AndUseTheSharedRoutes(Type type, string name, string route, string method)
    {
        var run = type.GetMethod("RunAsync")!;
        var trigger = run.GetParameters()[0].GetCustomAttribute<HttpTriggerAttribute>()!;

        Assert.Equal(name, run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(route, trigger.Route);
        Assert.Equal([method], trigger.Methods!);
        // Function keys are not an authentication mechanism for this API (see README, security model).
        Assert.Equal(AuthorizationLevel.Anonymous, trigger.AuthLevel);
    }

    [Fact]
    public void HostJson_RoutePrefix_IsTheSharedPrefix()
    {
        var hostJson = Path.Combine(AppContext.BaseDirectory, "host.json");

        using var doc = JsonDocument.Parse(File.ReadAllText(hostJson));

        Assert.Equal("2.0", doc.RootElement.GetProperty("version").GetString());
        Assert.Equal(ApiRoutes.Prefix, doc.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void BuildOutput_HasFunctionsMetadataListingEveryFunction()
    {
        var metadata = Path.Combine(AppContext.BaseDirectory, "functions.metadata");

        using var doc = JsonDocument.Parse(File.ReadAllText(metadata));
        var names = doc.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToHashSet();

        Assert.Contains("Convert", names);
        Assert.Contains("Health", names);
        Assert.Contains("GetImmutableId", names);
        Assert.Contains("SetImmutableId", names);
        Assert.Contains("ClearImmutableId", names);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "worker.config.json")));
    }
}
