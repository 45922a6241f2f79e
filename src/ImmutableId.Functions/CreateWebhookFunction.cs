using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/webhooks</c> (role ImmutableId.Read): subscribe to job completion (also the Power Automate trigger).</summary>
public sealed class CreateWebhookFunction(ApiEndpointRunner<WebhooksHandler> endpoint)
{
    [Function("CreateWebhook")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = WebhooksApi.Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(WebhooksApi.Create, request, ApiCall.NoRouteValues, cancellationToken);
}
