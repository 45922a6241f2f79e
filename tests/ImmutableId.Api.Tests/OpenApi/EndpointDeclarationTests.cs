using System.Reflection;
using ImmutableId.Api.Convert;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Webhooks;
using ImmutableId.Testing;

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

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void Endpoint_TypedHandler_Documents200AsTheTypeItAnswers(string operationId)
    {
        var endpoint = ApiDescription.Endpoints.Single(e => e.Description.OperationId == operationId);

        if (endpoint.ResponseType is { } answered && answered.IsAssignableTo(typeof(IApiText)))
        {
            var ok = endpoint.Description.Responses.Single(r => r.Status == 200);
            Assert.Null(ok.Body);
            Assert.Equal(answered.GetProperty(nameof(IApiText.MediaType))!.GetValue(null), ok.MediaType);
        }
        else if (endpoint.ResponseType == typeof(ApiNoContent))
        {
            // No body: 204 only, documented without a schema.
            Assert.All(endpoint.Description.Responses.Where(r => r.Status is >= 200 and < 300), r => Assert.Equal((204, null, null), (r.Status, r.Body, r.MediaType)));
        }
        else if (endpoint.ResponseType is { } json)
        {
            Assert.All(endpoint.Description.Responses.Where(r => r.Status is >= 200 and < 300), r => Assert.Equal(json, r.Body));
        }
    }

    [Fact]
    public void WebhooksEndpoints_AnswerTyped()
    {
        Assert.Equal(typeof(WebhookView), WebhooksApi.Create.ResponseType);
        Assert.Equal(typeof(WebhookList), WebhooksApi.List.ResponseType);
        Assert.Equal(typeof(WebhookView), WebhooksApi.Get.ResponseType);
        Assert.Equal(typeof(ApiNoContent), WebhooksApi.Delete.ResponseType);
        Assert.Equal(typeof(WebhookView), WebhooksApi.Create.Description.Responses.Single(r => r.Status == 201).Body);
    }

    [Fact]
    public void Answering_NoContent_RefusesADeclared2xxWithABody()
    {
        var bodied = WebhooksApi.Delete.Description with { Responses = [new(200, "A body.", typeof(WebhookView))] };

        var error = Assert.Throws<InvalidOperationException>(() =>
            ApiEndpoint.Answering<WebhooksHandler, ApiNoContent>(bodied, static (_, _) => Task.FromResult(ApiAnswer<ApiNoContent>.NoContent())));

        Assert.Contains("204 No Content", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoContent_OnlyForAnEndpointAnsweringNoContent()
    {
        Assert.Equal(204, ApiAnswer<ApiNoContent>.NoContent().Status);
        Assert.Throws<InvalidOperationException>(() => ApiAnswer<WebhookView>.NoContent());
    }

    [Fact]
    public void ImmutableIdsEndpoints_AnswerTyped()
    {
        Assert.All(ImmutableIdsApi.Endpoints, e => Assert.Equal(typeof(ImmutableIdResponse), e.ResponseType));
    }

    [Fact]
    public void ConvertEndpoint_AnswersTyped()
    {
        Assert.Equal(typeof(ConvertResponse), ConvertApi.Convert.ResponseType);
    }

    [Fact]
    public void OperationsEndpoints_AnswerTyped()
    {
        Assert.Equal(typeof(ImmutableId.Core.Audit.AuditRecord), ImmutableId.Api.Operations.OperationsApi.Get.ResponseType);
        Assert.Equal(typeof(ImmutableId.Api.Operations.OperationPage), ImmutableId.Api.Operations.OperationsApi.List.ResponseType);
    }

    [Fact]
    public void JobsEndpoints_AnswerTyped()
    {
        Assert.Equal(typeof(JobView), JobsApi.Submit.ResponseType);
        Assert.Equal(typeof(JobList), JobsApi.List.ResponseType);
        Assert.Equal(typeof(JobView), JobsApi.Get.ResponseType);
        Assert.Equal(typeof(JobView), JobsApi.Status.ResponseType);
        Assert.Equal(typeof(JobView), JobsApi.Cancel.ResponseType);
        Assert.Equal(typeof(JobItemPageView), JobsApi.ListItems.ResponseType);
        Assert.Equal(typeof(JobItemsCsv), JobsApi.ItemsCsv.ResponseType);
        Assert.Equal(typeof(JobReportHtml), JobsApi.Report.ResponseType);
        Assert.Equal("text/csv", JobsApi.ItemsCsv.Description.Responses.Single(r => r.Status == 200).MediaType);
        Assert.Equal("text/html", JobsApi.Report.Description.Responses.Single(r => r.Status == 200).MediaType);
    }

    [Fact]
    public void AgentsEndpoints_AnswerTyped()
    {
        Assert.Equal(typeof(ImmutableId.Api.Agents.AgentBatchResponse), ImmutableId.Api.Agents.AgentsApi.PostBatch.ResponseType);
        Assert.Equal(typeof(ImmutableId.Api.Agents.AgentList), ImmutableId.Api.Agents.AgentsApi.List.ResponseType);
    }

    [Fact]
    public void OpenApiEndpoints_AnswerTheDocumentAsJsonText()
    {
        Assert.All(OpenApiDocumentsApi.Endpoints, e => Assert.Equal(typeof(OpenApiDocumentJson), e.ResponseType));
        Assert.All(OpenApiDocumentsApi.Endpoints, e => Assert.Equal("application/json", e.Description.Responses.Single(r => r.Status == 200).MediaType));
    }

    [Fact]
    public void HealthEndpoint_AnswersOneOfItsTwoContracts()
    {
        Assert.Equal(typeof(ImmutableId.Api.Health.HealthAnswer), ImmutableId.Api.Health.HealthApi.Health.ResponseType);
    }

    [Fact]
    public void Answering_DescriptionDeclaringAnother202Type_Throws()
    {
        var declared = JobsApi.Status.Description with
        {
            Responses = [.. JobsApi.Status.Description.Responses.Select(r => r.Status == 202 ? r with { Body = typeof(JobList) } : r)],
        };

        var error = Assert.Throws<InvalidOperationException>(() =>
            ApiEndpoint.Answering<JobsHandler, JobView>(declared, (_, _) => throw new NotSupportedException()));

        Assert.Contains("JobList", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnsweringText_DescriptionDeclaringAnotherMediaType_Throws()
    {
        var declared = JobsApi.ItemsCsv.Description with
        {
            Responses = [.. JobsApi.ItemsCsv.Description.Responses.Select(r => r.Status == 200 ? r with { MediaType = "text/html" } : r)],
        };

        var error = Assert.Throws<InvalidOperationException>(() =>
            ApiEndpoint.AnsweringText<JobsHandler, JobItemsCsv>(declared, (_, _) => throw new NotSupportedException()));

        Assert.Contains("text/csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Answering_DescriptionDeclaringAnother200Type_Throws()
    {
        var declared = ImmutableIdsApi.Status.Description with
        {
            Responses = [.. ImmutableIdsApi.Status.Description.Responses.Select(r => r.Status == 200 ? r with { Body = typeof(ConvertResponse) } : r)],
        };

        var error = Assert.Throws<InvalidOperationException>(() =>
            ApiEndpoint.Answering<ImmutableIdHandler, ImmutableIdResponse>(declared, (_, _) => throw new NotSupportedException()));

        Assert.Contains("ConvertResponse", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binder_ParameterTheEndpointDoesNotDeclare_Throws()
    {
        var request = TestHttp.Request("GET", "/api/users/adele.vance@contoso.com/immutable-id?dryRun=true");
        var call = new ApiCall(request, new Dictionary<string, string?> { [ApiRoutes.UserParameter] = "adele.vance@contoso.com" }, null, CancellationToken.None);

        var binder = new ApiBinder(call, ImmutableIdsApi.Status.Description);

        Assert.NotNull(binder.User(ImmutableIdsApi.UserParameter));
        Assert.Throws<InvalidOperationException>(() => binder.Flag(ImmutableIdsApi.DryRunParameter));
    }
}
