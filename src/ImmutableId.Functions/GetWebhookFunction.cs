using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/webhooks/{id}</c> (role ImmutableId.Read): one subscription with its deliveries.</summary>
public sealed class GetWebhookFunction(ApiEndpointRunner<WebhooksHandler> endpoint)
{
    [Function("GetWebhook")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WebhooksApi.WebhookRoute)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(WebhooksApi.Get, request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
