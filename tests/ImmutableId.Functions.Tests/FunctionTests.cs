using System.Reflection;
using System.Text.Json;
using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Convert;
using ImmutableId.Api.Health;
using ImmutableId.Api.Operations;
using ImmutableId.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using ImmutableId.Api.ImmutableIds;

namespace ImmutableId.Functions.Tests;

public sealed class FunctionTests(FunctionsAuth auth) : IClassFixture<FunctionsAuth>
{
    [Fact]
    public async Task ConvertFunction_Vector_AnswersEveryForm()
    {
        var function = new ConvertFunction(auth.Runner(new ConvertHandler()));
        var request = FunctionInvocation.JsonRequest("POST", "/api/convert", "{\"value\":\"35918bc9-196d-40ea-9779-889d79b753f0\"}", auth.Issuer.AppToken(AppRoles.Read));

        var result = await function.RunAsync(request, CancellationToken.None);
        var (status, _, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(200, status);
        Assert.Equal("yYuRNW0Z6kCXeYidebdT8A==", body.GetProperty("immutableId").GetString());
        Assert.Equal("guid", body.GetProperty("detectedFormat").GetString());
    }

    [Fact]
    public async Task ConvertFunction_MalformedJson_AnswersProblem()
    {
        var function = new ConvertFunction(auth.Runner(new ConvertHandler()));
        var request = FunctionInvocation.JsonRequest("POST", "/api/convert", "{\"value\"", auth.Issuer.AppToken(AppRoles.Read));

        var result = await function.RunAsync(request, CancellationToken.None);
        var (status, contentType, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("InvalidJson", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ConvertFunction_NoToken_Answers401AndNeverRunsTheHandler()
    {
        var function = new ConvertFunction(auth.Runner(new ConvertHandler()));
        // Malformed JSON: had the handler run, the answer would be 400 InvalidJson.
        var request = FunctionInvocation.JsonRequest("POST", "/api/convert", "{\"value\"");

        var result = await function.RunAsync(request, CancellationToken.None);
        var (status, contentType, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("AuthenticationRequired", body.GetProperty("code").GetString());
        Assert.Equal("Bearer realm=\"ImmutableId\"", request.HttpContext.Response.Headers.WWWAuthenticate.ToString());
    }

    [Theory]
    [InlineData(AppRoles.Write)]
    [InlineData(AppRoles.Clear)]
    public async Task ConvertFunction_RoleForAnotherOperation_Answers403(string role)
    {
        var function = new ConvertFunction(auth.Runner(new ConvertHandler()));
        var request = FunctionInvocation.JsonRequest("POST", "/api/convert", "{\"value\"", auth.Issuer.AppToken(role));

        var result = await function.RunAsync(request, CancellationToken.None);
        var (status, _, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(403, status);
        Assert.Equal("InsufficientRole", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ConvertFunction_ExpiredToken_Answers401InvalidToken()
    {
        var function = new ConvertFunction(auth.Runner(new ConvertHandler()));
        var token = auth.Issuer.CreateToken(new ImmutableId.Testing.TestToken { Roles = [AppRoles.Read], NotBefore = TimeSpan.FromHours(-2), Expires = TimeSpan.FromMinutes(-10) });
        var request = FunctionInvocation.JsonRequest("POST", "/api/convert", "{\"value\":\"35918bc9-196d-40ea-9779-889d79b753f0\"}", token);

        var result = await function.RunAsync(request, CancellationToken.None);
        var (status, _, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(401, status);
        Assert.Equal("InvalidToken", body.GetProperty("code").GetString());
        Assert.Contains("error=\"invalid_token\"", request.HttpContext.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperationFunctions_NoToken_Answer401WithoutTouchingTheAuditLog()
    {
        var audit = new Mock<IAuditLog>(MockBehavior.Strict);
        var handler = new OperationsHandler(audit.Object, new ServiceCollection().BuildServiceProvider());
        var getRequest = FunctionInvocation.JsonRequest("GET", "/api/operations/x", null);
        var listRequest = FunctionInvocation.JsonRequest("GET", "/api/operations", null);

        var get = await new GetOperationFunction(auth.Runner(handler)).RunAsync(getRequest, Guid.CreateVersion7().ToString(), CancellationToken.None);
        var list = await new ListOperationsFunction(auth.Runner(handler)).RunAsync(listRequest, CancellationToken.None);

        Assert.Equal(401, (await FunctionInvocation.ExecuteAsync(get, getRequest)).Status);
        Assert.Equal(401, (await FunctionInvocation.ExecuteAsync(list, listRequest)).Status);
        audit.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task GetOperationFunction_ReadRole_AnswersTheRecordFromTheLog()
    {
        var id = Guid.CreateVersion7();
        var record = new AuditRecord(id, DateTimeOffset.UtcNow, AuditOperation.Clear, false,
            new AuditCaller("app", "oid", "Flow", true), "INC1", null, new AuditTarget("a@contoso.com"), "x", null, null, [], AuditOutcome.Succeeded);
        var audit = new Mock<IAuditLog>();
        audit.Setup(a => a.GetAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync(record);
        var handler = new OperationsHandler(audit.Object, new ServiceCollection().BuildServiceProvider());
        var request = FunctionInvocation.JsonRequest("GET", $"/api/operations/{id}", null, auth.Issuer.AppToken(AppRoles.Read));

        var result = await new GetOperationFunction(auth.Runner(handler)).RunAsync(request, id.ToString(), CancellationToken.None);
        var (status, _, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(200, status);
        Assert.Equal("clear", body.GetProperty("operation").GetString());
    }

    [Theory]
    [InlineData("Sqlite", "instance-1", true)]
    [InlineData("Sqlite", null, false)]
    [InlineData("AzureTables", "instance-1", false)]
    public void AzureStorageRequirement_SqliteInAzure_Fails(string provider, string? instance, bool fails)
    {
        var requirement = new AzureStorageRequirement(name => name == "WEBSITE_INSTANCE_ID" ? instance : null);

        var result = requirement.Validate(null, new ImmutableId.Storage.StorageOptions { Provider = Enum.Parse<ImmutableId.Storage.StorageProvider>(provider) });

        Assert.Equal(fails, result.Failed);
    }

    [Fact]
    public void FunctionsHost_SandboxSetting_RefusesToStart()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FunctionsAuth.Build(new Dictionary<string, string?> { ["Auth:Sandbox"] = "true" }));

        Assert.Contains("not available in this host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthFunction_Get_AnswersHealthy()
    {
        var function = new HealthFunction(auth.Runner(auth.Health));
        var request = FunctionInvocation.JsonRequest("GET", "/api/health", null);

        var result = await function.RunAsync(request, CancellationToken.None);
        var (status, _, body) = await FunctionInvocation.ExecuteAsync(result, request);

        Assert.Equal(200, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(typeof(ConvertFunction), "Convert", ConvertApi.Route, "post")]
    [InlineData(typeof(HealthFunction), "Health", HealthApi.Route, "get")]
    [InlineData(typeof(GetOperationFunction), "GetOperation", OperationsApi.OperationRoute, "get")]
    [InlineData(typeof(ListOperationsFunction), "ListOperations", OperationsApi.Route, "get")]
    [InlineData(typeof(GetImmutableIdFunction), "GetImmutableId", ImmutableIdsApi.Route, "get")]
    [InlineData(typeof(SetImmutableIdFunction), "SetImmutableId", ImmutableIdsApi.Route, "put")]
    [InlineData(typeof(ClearImmutableIdFunction), "ClearImmutableId", ImmutableIdsApi.Route, "delete")]
    public void Functions_AreAnonymousAtTheFunctionsLayer_AndUseTheSharedRoutes(Type type, string name, string route, string method)
    {
        var run = type.GetMethod("RunAsync")!;
        var trigger = run.GetParameters()[0].GetCustomAttribute<HttpTriggerAttribute>()!;

        Assert.Equal(name, run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(route, trigger.Route);
        Assert.Equal([method], trigger.Methods!);
        // Function keys are not an authentication mechanism for this API (see docs/security.md).
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
}
