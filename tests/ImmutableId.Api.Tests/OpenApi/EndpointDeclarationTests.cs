using System.Reflection;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.OpenApi;

namespace ImmutableId.Api.Tests.OpenApi;

/// <summary>Each feature's declarations are coherent, and the list of all endpoints is assembled from exactly them.</summary>
public sealed class EndpointDeclarationTests
{
    public static TheoryData<string> OperationIds => [.. ApiDescription.Operations.Select(o => o.OperationId)];

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void Endpoint_GateAndRole_AreConsistent(string operationId)
    {
        var endpoint = ApiDescription.Operations.Single(o => o.OperationId == operationId);

        Assert.Equal(endpoint.Gate == ApiEndpointGate.Anonymous, endpoint.Role is null);
        Assert.Equal(endpoint.Gate == ApiEndpointGate.Write, endpoint.WriteOperation is not null);
        if (endpoint.Gate == ApiEndpointGate.Write)
        {
            Assert.Contains("{" + ApiRoutes.UserParameter + "}", endpoint.Route, StringComparison.Ordinal);
            Assert.Contains(endpoint.Method, new[] { "PUT", "DELETE" });
        }
    }

    [Fact]
    public void Endpoints_OperationIdsAndMethodRoutePairs_AreUnique()
    {
        Assert.Equal(ApiDescription.Operations.Count, ApiDescription.Operations.Select(o => o.OperationId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ApiDescription.Operations.Count, ApiDescription.Operations.Select(o => o.Method + " " + o.Route).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Endpoints_AssembledFromTheFeatures_HoldEveryDeclaredEndpointOnce()
    {
        // Every endpoint a feature declares (a static ApiEndpoint<THandler> property of its XxxApi class) is served and
        // documented: a declaration left out of its feature's Endpoints list fails here.
        var declared = typeof(ApiDescription).Assembly.GetTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Static))
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(ApiEndpoint<>))
            .Select(p => (ApiEndpoint)p.GetValue(null)!)
            .ToArray();

        Assert.Equal(25, declared.Length);
        Assert.Equal(declared.Select(e => e.Description.OperationId).Order(StringComparer.Ordinal),
            ApiDescription.Endpoints.Select(e => e.Description.OperationId).Order(StringComparer.Ordinal));
        Assert.All(declared, e => Assert.Same(e, ApiDescription.Endpoints.Single(x => x.Description.OperationId == e.Description.OperationId)));
    }
}
