using ImmutableId.Api.Auth;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.OpenApi;
using ImmutableId.Core.HardMatch;
using Microsoft.OpenApi;

namespace ImmutableId.Api.Tests.OpenApi;

public sealed class OpenApiWriteOperationTests
{
    private static readonly OpenApiDocument Document = OpenApiDocumentFactory.Create("https://func-immutableid.azurewebsites.net/api");

    [Theory]
    [InlineData("PUT", "SetImmutableId", AppRoles.Write)]
    [InlineData("DELETE", "ClearImmutableId", AppRoles.Clear)]
    public void Create_Writes_HaveDryRunIdempotencyKeyAndTheirRole(string method, string operationId, string role)
    {
        var operation = Document.Paths["/" + ImmutableIdsApi.Route].Operations![HttpMethod.Parse(method)];

        Assert.Equal(operationId, operation.OperationId);
        var parameters = operation.Parameters!.ToDictionary(p => p.Name!, StringComparer.Ordinal);
        Assert.Equal(ParameterLocation.Path, parameters[ApiRoutes.UserParameter].In);
        Assert.Equal(ParameterLocation.Query, parameters["dryRun"].In);
        Assert.Equal(JsonSchemaType.Boolean, parameters["dryRun"].Schema!.Type);
        Assert.Equal(ParameterLocation.Header, parameters["Idempotency-Key"].In);
        Assert.All(parameters.Values.Where(p => p.In == ParameterLocation.Header), p => Assert.False(p.Required));
        Assert.Contains(role, operation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Set_TakesTheTicketInTheBodyOrTheHeader()
    {
        var operation = Document.Paths["/" + ImmutableIdsApi.Route].Operations![HttpMethod.Put];

        Assert.False(operation.RequestBody!.Required);
        Assert.Contains(operation.Parameters!, p => p.Name == ImmutableIdHandler.TicketHeader && p.In == ParameterLocation.Header);
    }

    [Fact]
    public void Create_Clear_HasNoBodyAndOneWayToPassTicketAndReason()
    {
        var operation = Document.Paths["/" + ImmutableIdsApi.Route].Operations![HttpMethod.Delete];

        Assert.Null(operation.RequestBody);
        Assert.Equal(ParameterLocation.Query, Assert.Single(operation.Parameters!, p => p.Name == "ticket").In);
        Assert.Equal(ParameterLocation.Query, Assert.Single(operation.Parameters!, p => p.Name == "reason").In);
        Assert.DoesNotContain(operation.Parameters!, p => p.Name == ImmutableIdHandler.TicketHeader);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public void Create_Writes_DescribeXOperationIdOnEveryAnswerThatCarriesIt(string method)
    {
        var operation = Document.Paths["/" + ImmutableIdsApi.Route].Operations![HttpMethod.Parse(method)];

        foreach (var status in new[] { "200", "403", "404", "409", "422", "502", "503" })
        {
            Assert.True(operation.Responses![status].Headers?.ContainsKey("X-Operation-Id") == true, $"{method} {status}");
        }

        foreach (var status in new[] { "400", "401", "413", "415" })
        {
            Assert.False(operation.Responses![status].Headers?.ContainsKey("X-Operation-Id") == true, $"{method} {status}: answered before any audit record");
        }
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public void Create_Writes_ListEveryBlockerCodeUnderTheStatusTheProblemTableGivesIt(string method)
    {
        var operation = Document.Paths["/" + ImmutableIdsApi.Route].Operations![HttpMethod.Parse(method)];
        string[] warnings = [nameof(GuardrailCode.AnchorSourceMismatch), nameof(GuardrailCode.AlreadyMatched), nameof(GuardrailCode.NothingToClear)];

        foreach (var code in Enum.GetValues<GuardrailCode>().Where(c => !warnings.Contains(c.ToString())))
        {
            var status = HardMatchProblems.StatusOf(code).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(operation.Responses!.ContainsKey(status), $"{code}: no {status} response");
            Assert.Contains(code.ToString(), operation.Responses[status].Description, StringComparison.Ordinal);
        }

        Assert.Contains("InsufficientRole", operation.Responses!["403"].Description, StringComparison.Ordinal);
        Assert.Contains(nameof(GuardrailCode.PrivilegedTarget), operation.Responses["403"].Description, StringComparison.Ordinal);
        Assert.True(operation.Responses["503"].Headers!.ContainsKey("Retry-After"));
    }

    [Fact]
    public void From_AuthOptions_UsesTheTenantAndTheApiAudience()
    {
        var options = new AuthOptions
        {
            TenantId = "11111111-2222-3333-4444-555555555555",
            Audiences = ["66666666-7777-8888-9999-000000000000", "api://immutableid-prod"],
        };

        var settings = OpenApiSecuritySettings.From(options);

        Assert.Equal("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555", settings.Authority);
        Assert.Equal("api://immutableid-prod", settings.ApplicationIdUri);
        Assert.Equal(OpenApiSecuritySettings.Default, OpenApiSecuritySettings.From(new AuthOptions { Sandbox = true }));
    }
}
