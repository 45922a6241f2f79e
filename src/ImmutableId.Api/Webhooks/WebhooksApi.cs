using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.OpenApi;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Webhooks;

/// <summary>The Webhooks feature's endpoints: subscribe to job completion, read a subscription's deliveries, unsubscribe.</summary>
public static class WebhooksApi
{
    /// <summary><c>POST</c> a subscription; <c>GET</c> the caller's subscriptions.</summary>
    public const string Route = "webhooks";

    /// <summary><c>GET</c> one subscription with its deliveries; <c>DELETE</c> unsubscribes.</summary>
    public const string WebhookRoute = "webhooks/{id}";

    /// <summary>The operation id of the subscription: the Power Automate connector's webhook trigger.</summary>
    public const string CreateOperationId = "CreateWebhook";

    internal static readonly ApiParameterDescription IdParameter = new(
        "id", ApiParameterLocation.Path, typeof(Guid), true, "Subscription ID", "The id returned by POST /api/webhooks.", "important");

    internal static readonly ApiResponseDescription[] LookupProblems =
    [
        new(400, "The subscription id is not a GUID.", ProblemCodes: [WebhookProblemCodes.InvalidWebhookId]),
        new(404, "You have no subscription with this id (a subscription is visible only to the app and principal that created it).", ProblemCodes: [WebhookProblemCodes.WebhookNotFound]),
    ];

    /// <summary><c>POST</c> CreateWebhook: also the Power Automate trigger "When a bulk job ends".</summary>
    public static ApiEndpoint<WebhooksHandler> Create { get; } = ApiEndpoint.Answering<WebhooksHandler, WebhookView>(
        new ApiOperationDescription(
            "POST", Route, CreateOperationId, ApiDescription.Webhooks,
            "When a bulk job ends",
            "Subscribes to job.ended: when one of your bulk jobs ends (completed, cancelled or failed) — or only the job given as jobId — the job " +
            "(id, state, counts per outcome and code, links) is POSTed to url, signed the Standard Webhooks way (webhook-id, webhook-timestamp, " +
            "webhook-signature: v1,HMAC-SHA256 with the secret in this answer, shown only here). Failed deliveries are retried with exponential backoff " +
            "(6 attempts over about an hour by default) with the same webhook-id. url must be https on a public address (and, when the administrator " +
            "set Webhooks:AllowedHosts, one of those hosts). DELETE the Location to unsubscribe.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters: [],
            RequestBody: typeof(WebhookRequestBody),
            RequestBodyRequired: true,
            Responses:
            [
                new(201, "Subscribed: the subscription with its signing secret (shown only now).", Headers: new Dictionary<string, string>
                {
                    ["Location"] = "The subscription: GET it for its deliveries, DELETE it to unsubscribe.",
                }),
                new(400, "The url is refused (not https, not an allowed host, a private, loopback or link-local address, or it does not resolve), or an event is unknown.",
                    ProblemCodes:
                    [
                        WebhookProblemCodes.WebhookUrlInvalid, WebhookProblemCodes.WebhookUrlNotHttps, WebhookProblemCodes.WebhookHostNotAllowed,
                        WebhookProblemCodes.WebhookAddressForbidden, WebhookProblemCodes.WebhookHostUnresolvable, WebhookProblemCodes.WebhookEventUnknown,
                        ProblemCodes.InvalidJson, ProblemCodes.MissingBody,
                    ]),
                new(404, "jobId is not one of your jobs.", ProblemCodes: [ProblemCodes.JobNotFound]),
                new(409, "You hold the most subscriptions allowed (25).", ProblemCodes: [WebhookProblemCodes.TooManyWebhooks]),
            ],
            RequiredBodyProperties: ["url"],
            Trigger: new ApiWebhookTrigger(typeof(WebhookEventPayload), "url",
                "To see it work now, submit a bulk job of a few users (an assess job writes nothing) and wait for it to end.",
                "The job that ended, as GET /api/jobs/{id} shows it, with the event's type and time.")
        ),
        CreateAsync);

    /// <summary><c>GET</c> ListWebhooks.</summary>
    public static ApiEndpoint<WebhooksHandler> List { get; } = ApiEndpoint.Answering<WebhooksHandler, WebhookList>(
        new ApiOperationDescription(
            "GET", Route, "ListWebhooks", ApiDescription.Webhooks,
            "List your webhook subscriptions",
            "The webhook subscriptions your app and principal created, oldest first (without secrets or deliveries).",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "Your subscriptions.")]
        ),
        static (handler, call) => handler.ListAsync(call.RequiredCaller, call.Request.HttpContext, call.CancellationToken));

    /// <summary><c>GET</c> GetWebhook.</summary>
    public static ApiEndpoint<WebhooksHandler> Get { get; } = ApiEndpoint.Answering<WebhooksHandler, WebhookView>(
        new ApiOperationDescription(
            "GET", WebhookRoute, "GetWebhook", ApiDescription.Webhooks,
            "Get a webhook subscription",
            "The subscription and its newest deliveries (at most 20): each with its webhook-id, state (pending, delivered, failed, abandoned), " +
            "next attempt, and every attempt's time, HTTP status and error.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [IdParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The subscription."), .. LookupProblems]
        ),
        GetAsync);

    /// <summary><c>DELETE</c> DeleteWebhook: Power Automate calls it (the trigger's Location) when a flow is turned off or deleted.</summary>
    public static ApiEndpoint<WebhooksHandler> Delete { get; } = ApiEndpoint.Answering<WebhooksHandler, ApiNoContent>(
        new ApiOperationDescription(
            "DELETE", WebhookRoute, "DeleteWebhook", ApiDescription.Webhooks,
            "Delete a webhook subscription",
            "Unsubscribes: no further event is recorded for it, and deliveries not yet sent are abandoned.",
            Role: AppRoles.Read,
            Visibility: "internal",
            Parameters: [IdParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(204, "Unsubscribed."), .. LookupProblems]
        ),
        DeleteAsync);

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [Create, List, Get, Delete];

    private static async Task<ApiAnswer<WebhookView>> CreateAsync(WebhooksHandler handler, ApiCall call)
    {
        var bind = new ApiBinder(call, Create.Description);
        var body = await bind.BodyAsync<WebhookRequestBody>(call.CancellationToken).ConfigureAwait(false);
        return bind.Problem is { } problem
            ? ApiAnswer<WebhookView>.Refused(problem)
            : await handler.CreateAsync(body!, call.RequiredCaller, call.Request.HttpContext, call.CancellationToken).ConfigureAwait(false);
    }

    private static Task<ApiAnswer<WebhookView>> GetAsync(WebhooksHandler handler, ApiCall call)
    {
        var (id, problem) = BindId(call, Get.Description);
        return problem is not null
            ? Task.FromResult(ApiAnswer<WebhookView>.Refused(problem))
            : handler.GetAsync(id!.Value, call.RequiredCaller, call.Request.HttpContext, call.CancellationToken);
    }

    private static Task<ApiAnswer<ApiNoContent>> DeleteAsync(WebhooksHandler handler, ApiCall call)
    {
        var (id, problem) = BindId(call, Delete.Description);
        return problem is not null
            ? Task.FromResult(ApiAnswer<ApiNoContent>.Refused(problem))
            : handler.DeleteAsync(id!.Value, call.RequiredCaller, call.Request.HttpContext, call.CancellationToken);
    }

    private static (Guid? Id, IResult? Problem) BindId(ApiCall call, ApiOperationDescription endpoint)
    {
        var bind = new ApiBinder(call, endpoint);
        var id = bind.Id(IdParameter, http => ApiProblem.Create(http, StatusCodes.Status400BadRequest, WebhookProblemCodes.InvalidWebhookId, "Invalid subscription id",
            "The subscription id is the GUID returned as id by POST /api/webhooks (its Location)."));
        return (id, bind.Problem);
    }
}
