using System.Reflection;
using System.Text.Json;
using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImmutableId.Functions.Tests;

/// <summary>Every function class of the app, resolved from the real composition (<c>AddImmutableIdFunctions</c>) and listed in the build output.</summary>
public sealed class FunctionsCompositionTests
{
    private static readonly Type[] FunctionClasses = typeof(FunctionsHostBuilderExtensions).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    private static string[] FunctionNames => FunctionClasses
        .SelectMany(t => t.GetMethods().Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name))
        .OfType<string>()
        .ToArray();

    private static IEnumerable<(string Name, MethodInfo Method, HttpTriggerAttribute Attribute)> HttpTriggers() =>
        FunctionClasses.SelectMany(t => t.GetMethods())
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Method: m,
                Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Trigger is not null)
            .Select(x => (x.Function!.Name, x.Method, x.Trigger!));

    [Fact]
    public void AddImmutableIdFunctions_EveryFunctionClass_ResolvesWithAllItsDependencies()
    {
        using var host = BuildHost();

        Assert.True(FunctionClasses.Length >= 9, $"only {FunctionClasses.Length} function classes found");
        foreach (var type in FunctionClasses)
        {
            var instance = ActivatorUtilities.CreateInstance(host.Services, type);
            Assert.IsType(type, instance);
        }
    }

    private static IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Entra:Credential"] = "ManagedIdentity",
            ["OnPrem:Mode"] = "Ldif",
            ["OnPrem:LdifPath"] = Path.Combine(AppContext.BaseDirectory, "Demo", "demo-directory.ldif"),
            ["Policy:AllowedUpnDomains:0"] = "contoso.com",
            ["Policy:AllowedOrganizationalUnits:0"] = "OU=Staff,DC=contoso,DC=com",
            ["Auth:TenantId"] = "c0a7e1d5-0000-4000-8000-00000000c0de",
            ["Auth:Audiences:0"] = "api://immutableid-test",
            ["Storage:Provider"] = "AzureTables",
            ["Storage:TableServiceUri"] = "https://immutableidtest.table.core.windows.net",
        });
        builder.AddImmutableIdFunctions();
        return builder.Build();
    }

    /// <summary>The function serving <paramref name="endpoint"/>: the one trigger on its method and route.</summary>
    private static (string Name, MethodInfo Method, HttpTriggerAttribute Attribute) TriggerOf(ApiEndpoint endpoint) =>
        HttpTriggers().Single(t => t.Attribute.Route == endpoint.Description.Route &&
            t.Attribute.Methods!.Single().Equals(endpoint.Description.Method, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void HttpFunctions_EveryTrigger_MatchesItsDeclaredEndpoint_AndEveryEndpointHasOne()
    {
        var triggers = HttpTriggers().ToArray();

        foreach (var endpoint in ApiDescription.Endpoints)
        {
            var matching = triggers.Where(t => t.Attribute.Route == endpoint.Description.Route &&
                t.Attribute.Methods!.Select(m => m.ToLowerInvariant()).SequenceEqual([endpoint.Description.Method.ToLowerInvariant()])).ToArray();
            Assert.True(matching.Length == 1, $"{matching.Length} Azure Functions serve {endpoint.Description.Method} {endpoint.Description.Route}");
            Assert.Equal(AuthorizationLevel.Anonymous, matching[0].Attribute.AuthLevel);
        }

        Assert.Equal(ApiDescription.Endpoints.Count, triggers.Length);
    }

    [Fact]
    public void HttpFunctions_TakeOnlyTheirEndpointsRunner_SoNoHandlerRunsWithoutItsGate()
    {
        foreach (var endpoint in ApiDescription.Endpoints)
        {
            var (name, method, _) = TriggerOf(endpoint);
            var parameters = method.DeclaringType!.GetConstructors().Single().GetParameters();
            Assert.True(parameters.Length == 1 && parameters[0].ParameterType == typeof(ApiEndpointRunner<>).MakeGenericType(endpoint.HandlerType),
                $"{method.DeclaringType.Name} ({name}) must take only ApiEndpointRunner<{endpoint.HandlerType.Name}>");
        }
    }

    [Fact]
    public async Task HttpFunctions_EveryProtectedEndpoint_WithoutAToken_Answers401FromTheRealComposition()
    {
        using var host = BuildHost();
        var protectedEndpoints = ApiDescription.Endpoints.Where(o => o.Description.Gate != ApiEndpointGate.Anonymous).ToArray();
        Assert.True(protectedEndpoints.Length >= 9);

        foreach (var endpoint in protectedEndpoints.Select(e => e.Description))
        {
            var trigger = TriggerOf(protectedEndpoints.Single(e => e.Description == endpoint));
            var instance = ActivatorUtilities.CreateInstance(host.Services, trigger.Method.DeclaringType!);
            var request = FunctionInvocation.JsonRequest(endpoint.Method, "/api/" + endpoint.Route, endpoint.RequestBodyRequired ? "{}" : null);
            var arguments = trigger.Method.GetParameters().Select(p => p.ParameterType == typeof(HttpRequest) ? request
                : p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
                : (object)(p.Name == ApiRoutes.UserParameter ? "adele.vance@contoso.com" : Guid.NewGuid().ToString())).ToArray();

            var result = await (Task<IResult>)trigger.Method.Invoke(instance, arguments)!;
            var (status, contentType, body) = await FunctionInvocation.ExecuteAsync(result, request);

            Assert.True(status == 401, $"{trigger.Name}: {status}");
            Assert.Equal("application/problem+json", contentType);
            Assert.Equal("AuthenticationRequired", body.GetProperty("code").GetString());
        }
    }

    [Fact]
    public void BuildOutput_FunctionsMetadata_ListsEveryFunctionOfTheAssembly()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var listed = doc.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToHashSet();

        Assert.NotEmpty(FunctionNames);
        Assert.All(FunctionNames, name => Assert.Contains(name, listed));
        Assert.Equal(FunctionNames.Length, listed.Count);
    }

    /// <summary>
    /// The worker's runtime configuration caps the GC's gen0 budget at 16 MB, as the Standalone host's does
    /// (docs/performance.md, memory under load): otherwise it follows the CPU's cache size (80 MB with a 260 MiB L3).
    /// </summary>
    [Fact]
    public void BuildOutput_WorkerRuntimeConfiguration_CapsTheGen0Budget()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ImmutableId.Functions.runtimeconfig.json")));
        var properties = doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(16 * 1024 * 1024, properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64());
    }
}
