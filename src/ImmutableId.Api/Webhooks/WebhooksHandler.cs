using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Core.Jobs;
using ImmutableId.Core.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Api.Webhooks;

/// <summary>
/// The webhooks API: <c>POST /api/webhooks</c> (subscribe: 201, Location, the signing secret once),
/// <c>GET /api/webhooks</c>, <c>GET /api/webhooks/{id}</c> (with its newest deliveries) and <c>DELETE /api/webhooks/{id}</c>
/// (unsubscribe: 204). A subscription belongs to the app and principal that created it; anyone else gets 404.
/// </summary>
public sealed partial class WebhooksHandler(
    IWebhookStore store,
    IJobStore jobs,
    WebhookCallbackPolicy policy,
    TimeProvider time,
    ILogger<WebhooksHandler> logger)
{
    private const int DeliveriesShown = 20;

    /// <summary>Subscribes the caller: validates the URL (https, allow-list, public addresses), stores the subscription, answers it with its secret.</summary>
    public async Task<ApiAnswer<WebhookView>> CreateAsync(WebhookRequestBody body, ApiCaller caller, HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (string.IsNullOrWhiteSpace(body.Url) || !Uri.TryCreate(body.Url.Trim(), UriKind.Absolute, out var url))
        {
            return Refused(context, new WebhookRefusal(WebhookProblemCodes.WebhookUrlInvalid, "url is required: the absolute https URL each event is POSTed to."));
        }

        if (policy.CheckUrl(url) is { } refusal)
        {
            return Refused(context, refusal);
        }

        var events = body.Events is { Count: > 0 } asked ? asked.Distinct(StringComparer.Ordinal).ToList() : [WebhookEvents.JobEnded];
        if (events.FirstOrDefault(e => !WebhookEvents.All.Contains(e)) is { } unknown)
        {
            return ApiAnswer<WebhookView>.Refused(ApiProblem.Create(context, StatusCodes.Status400BadRequest, WebhookProblemCodes.WebhookEventUnknown, "Unknown event",
                $"'{Truncate(unknown)}' is not an event this API sends. Events: {string.Join(", ", WebhookEvents.All)}."));
        }

        if (body.JobId is { } jobId)
        {
            var job = await jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (job is null || job.Owner.ScopeKey != caller.Identity.ScopeKey)
            {
                return ApiAnswer<WebhookView>.Refused(ApiProblem.Create(context, StatusCodes.Status404NotFound, ProblemCodes.JobNotFound, "Job not found",
                    $"You have no job with the id {jobId}. List your jobs with GET /api/jobs."));
            }
        }

        var existing = await store.ListSubscriptionsAsync(caller.Identity.ScopeKey, cancellationToken).ConfigureAwait(false);
        if (existing.Count >= WebhookSubscription.MaxPerOwner)
        {
            return ApiAnswer<WebhookView>.Refused(ApiProblem.Create(context, StatusCodes.Status409Conflict, WebhookProblemCodes.TooManyWebhooks, "Too many subscriptions",
                $"You hold {existing.Count} subscriptions, the most allowed. Delete one you no longer need (DELETE /api/webhooks/{{id}})."));
        }

        var (_, unreachable) = await policy.ResolveAsync(url.Host, cancellationToken).ConfigureAwait(false);
        if (unreachable is not null)
        {
            return Refused(context, unreachable);
        }

        var subscription = new WebhookSubscription(
            Guid.CreateVersion7(time.GetUtcNow()),
            caller.Identity,
            url,
            events,
            body.JobId,
            WebhookSigner.NewSecret(),
            ApiLinks.Absolute(request, PathString.Empty),
            time.GetUtcNow());
        await store.CreateSubscriptionAsync(subscription, cancellationToken).ConfigureAwait(false);
        LogSubscribed(logger, subscription.Id, url.IdnHost, caller.Identity.AppId, subscription.JobId);
        var view = View(request, subscription, [], showSecret: true);
        return ApiAnswer<WebhookView>.Created(view, view.Self);
    }

    /// <summary>The caller's subscriptions, oldest first.</summary>
    public async Task<ApiAnswer<WebhookList>> ListAsync(ApiCaller caller, HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(context);
        var subscriptions = await store.ListSubscriptionsAsync(caller.Identity.ScopeKey, cancellationToken).ConfigureAwait(false);
        return new WebhookList(subscriptions.Select(s => View(context.Request, s, [], showSecret: false)).ToList());
    }

    /// <summary>One of the caller's subscriptions with its newest deliveries and their attempts.</summary>
    public async Task<ApiAnswer<WebhookView>> GetAsync(Guid id, ApiCaller caller, HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (subscription, problem) = await FindAsync(context, id, caller, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return ApiAnswer<WebhookView>.Refused(problem);
        }

        var deliveries = await store.ListDeliveriesAsync(subscription!.Id, DeliveriesShown, cancellationToken).ConfigureAwait(false);
        return View(context.Request, subscription, deliveries, showSecret: false);
    }

    /// <summary>Unsubscribes: 204; deliveries not yet sent are abandoned.</summary>
    public async Task<ApiAnswer<ApiNoContent>> DeleteAsync(Guid id, ApiCaller caller, HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (subscription, problem) = await FindAsync(context, id, caller, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return ApiAnswer<ApiNoContent>.Refused(problem);
        }

        await store.DeleteSubscriptionAsync(subscription!.Id, cancellationToken).ConfigureAwait(false);
        LogUnsubscribed(logger, subscription.Id, caller.Identity.AppId);
        return ApiAnswer<ApiNoContent>.NoContent();
    }

    // Only the app and principal that subscribed see a subscription; anyone else gets 404 (an id reveals nothing).
    private async Task<(WebhookSubscription? Subscription, IResult? Problem)> FindAsync(HttpContext context, Guid subscriptionId, ApiCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var subscription = await store.GetSubscriptionAsync(subscriptionId, cancellationToken).ConfigureAwait(false);
        if (subscription is null || subscription.Owner.ScopeKey != caller.Identity.ScopeKey)
        {
            return (null, ApiProblem.Create(context, StatusCodes.Status404NotFound, WebhookProblemCodes.WebhookNotFound, "Subscription not found",
                $"You have no webhook subscription with the id {subscriptionId}. List yours with GET /api/webhooks."));
        }

        return (subscription, null);
    }

    private static WebhookView View(HttpRequest request, WebhookSubscription subscription, IReadOnlyList<WebhookDelivery> deliveries, bool showSecret)
    {
        var url = subscription.Url;
        var shown = url.GetLeftPart(UriPartial.Path) + (string.IsNullOrEmpty(url.Query) ? string.Empty : "?…");
        return new WebhookView(
            subscription.Id,
            shown,
            subscription.Events,
            subscription.JobId,
            subscription.CreatedAt,
            showSecret ? subscription.Secret : null,
            ApiLinks.Absolute(request, $"/{ApiRoutes.Prefix}/webhooks/{subscription.Id:D}"),
            deliveries.Select(d => new WebhookDeliveryView(
                d.Id,
                d.Event,
                d.JobId,
                JsonNamingPolicy.CamelCase.ConvertName(d.State.ToString()),
                d.CreatedAt,
                d.State == WebhookDeliveryState.Pending ? d.NextAttemptAt : null,
                d.Attempts.Select(a => new WebhookAttemptView(a.At, a.StatusCode, a.Error)).ToList())).ToList());
    }

    private static ApiAnswer<WebhookView> Refused(HttpContext context, WebhookRefusal refusal) =>
        ApiAnswer<WebhookView>.Refused(ApiProblem.Create(context, StatusCodes.Status400BadRequest, refusal.Code, "Callback URL refused", refusal.Detail));

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";

    [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "Webhook subscription {SubscriptionId} to {Host} created by app {AppId} (job {JobId})")]
    private static partial void LogSubscribed(ILogger logger, Guid subscriptionId, string host, string appId, Guid? jobId);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Information, Message = "Webhook subscription {SubscriptionId} deleted by app {AppId}")]
    private static partial void LogUnsubscribed(ILogger logger, Guid subscriptionId, string appId);
}
