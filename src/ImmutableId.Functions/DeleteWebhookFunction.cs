using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>DELETE /api/webhooks/{id}</c> (role ImmutableId.Read): unsubscribe (Power Automate calls it when a flow is turned off).</summary>
public sealed class DeleteWebhookFunction(ApiEndpointRunner<WebhooksHandler> endpoint)
{
    [Function("DeleteWebhook")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = WebhooksApi.WebhookRoute)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(WebhooksApi.Delete, request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
