using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/webhooks</c> (role ImmutableId.Read): the caller's subscriptions.</summary>
public sealed class ListWebhooksFunction(ApiEndpointRunner<WebhooksHandler> endpoint)
{
    [Function("ListWebhooks")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WebhooksApi.Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(WebhooksApi.List, request, ApiCall.NoRouteValues, cancellationToken);
}
