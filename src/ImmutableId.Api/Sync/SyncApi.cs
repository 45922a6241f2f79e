using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Api.Sync;

/// <summary>The Sync feature's endpoints: route, role, gate, OpenAPI metadata and handler, declared once.</summary>
public static class SyncApi
{
    /// <summary><c>POST</c>: Cloud Sync provision on demand of the user's AD object.</summary>
    public const string Route = "users/{" + ApiRoutes.UserParameter + "}/immutable-id/sync";

    /// <summary><c>POST</c> SyncImmutableId.</summary>
    public static ApiEndpoint<SyncHandler> Provision { get; } = ApiEndpoint.Answering<SyncHandler, SyncResponse>(
        new ApiOperationDescription(
            "POST", SyncApi.Route, "SyncImmutableId", ApiDescription.Users,
            "Provision the user now with Cloud Sync",
            "Runs Microsoft Entra Cloud Sync provision on demand for the user's AD object (its distinguished name) and reads the user back: " +
            "the answer holds Entra's result (success, or the step that failed with its message) and whether the cloud user is now linked. " +
            "Without Cloud Sync configured (Sync:CloudSync) nothing is called and nextSteps names the command for the Entra Connect server. " +
            "Out-of-scope, protected and privileged targets are refused, as for a set.",
            Role: AppRoles.Write,
            Visibility: "important",
            Parameters: [ImmutableIdsApi.UserParameter, ImmutableIdsApi.TicketQueryParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "Provisioned (outcome succeeded or skipped; see linked), or notConfigured with nextSteps."),
                new(400, "The user or the ticket is not valid.", ProblemCodes: ["InvalidUser", ProblemCodes.ValidationFailed]),
                new(403, "The target is out of scope, protected or privileged.", ProblemCodes: ["OutOfScope", "ProtectedOnPremAccount", "PrivilegedTarget", "GuestUser", ProblemCodes.OutOfCallerScope]),
                new(404, "The AD object or the cloud user was not found.", ProblemCodes: ["OnPremUserNotFound", "CloudUserNotFound"]),
                new(409, "Entra's provisioning failed at a step; provisioning holds its message and steps.", ProblemCodes: ["ProvisioningFailed"]),
                new(502, "Graph refused provision on demand (permission).", ProblemCodes: ["UpstreamError"]),
                new(503, "Graph or the DC was unavailable.", ProblemCodes: ["UpstreamUnavailable", "Throttled"]),
            ]
        ),
        ProvisionAsync);

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [Provision];

    private static Task<ApiAnswer<SyncResponse>> ProvisionAsync(SyncHandler handler, ApiCall call)
    {
        var bind = new ApiBinder(call, Provision.Description);
        var user = bind.User(ImmutableIdsApi.UserParameter, "The user is not a UPN or objectGUID");
        // ?ticket= as sent (even empty), else the X-Ticket-Id header the set also takes.
        var ticket = bind.FirstValue(ImmutableIdsApi.TicketQueryParameter) ?? call.Request.Headers[WriteGuard.TicketHeader].FirstOrDefault();
        return bind.Problem is { } problem
            ? Task.FromResult(ApiAnswer<SyncResponse>.Refused(problem))
            : handler.ProvisionAsync(user!, ticket, call.RequiredCaller, call.Request.HttpContext, call.CancellationToken);
    }
}
