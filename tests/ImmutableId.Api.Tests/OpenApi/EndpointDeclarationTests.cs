using ImmutableId.Api.Endpoints;
using ImmutableId.Api.OpenApi;

namespace ImmutableId.Api.Tests.OpenApi;

/// <summary>The one declaration per endpoint is coherent: what the gate needs is there, and names are unique.</summary>
public sealed class EndpointDeclarationTests
{
    public static TheoryData<string> OperationIds => [.. ApiDescription.Operations.Select(o => o.OperationId)];

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void Endpoint_GateRoleHandlerAndFunction_AreConsistent(string operationId)
    {
        var endpoint = ApiDescription.Operations.Single(o => o.OperationId == operationId);

        Assert.NotNull(endpoint.Handler);
        Assert.False(string.IsNullOrWhiteSpace(endpoint.FunctionName));
        Assert.Equal(endpoint.Gate == ApiEndpointGate.Anonymous, endpoint.Role is null);
        Assert.Equal(endpoint.Gate == ApiEndpointGate.Write, endpoint.WriteOperation is not null);
        if (endpoint.Gate == ApiEndpointGate.Write)
        {
            Assert.Contains("{" + ApiRoutes.UserParameter + "}", endpoint.Route, StringComparison.Ordinal);
            Assert.Contains(endpoint.Method, new[] { "PUT", "DELETE" });
        }
    }

    [Fact]
    public void Endpoints_FunctionNamesAndMethodRoutePairs_AreUnique()
    {
        Assert.Equal(ApiDescription.Operations.Count, ApiDescription.Operations.Select(o => o.FunctionName).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ApiDescription.Operations.Count, ApiDescription.Operations.Select(o => o.Method + " " + o.Route).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Pipeline_UndeclaredFunction_FailsClosedWithAClearMessage()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ApiEndpointPipeline.ForFunction("NotDeclared"));

        Assert.Contains("NotDeclared", error.Message, StringComparison.Ordinal);
    }
}
