using ImmutableId.Api;
using ImmutableId.Api.Agents;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Convert;
using ImmutableId.Api.Diagnoses;
using ImmutableId.Api.Sync;
using ImmutableId.Api.Health;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ImmutableId.Standalone;

/// <summary>Maps the API's handlers on the same routes the Functions host serves.</summary>
internal static class ApiEndpointRouteBuilderExtensions
{
    public static WebApplication MapImmutableIdApi(this WebApplication app)
    {
        // Unexpected exceptions become a bare problem (no stack trace); bad input never reaches here.
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        var api = app.MapGroup("/" + ApiRoutes.Prefix);
        api.MapPost(ApiRoutes.Convert, (HttpRequest request, ConvertHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct))
            .RequireAppRole(AppRoles.Read);

        api.MapGet(ApiRoutes.Operation, (HttpRequest request, string id, OperationsHandler handler, CancellationToken ct) => handler.GetAsync(request, id, ct))
            .RequireAppRole(AppRoles.Read);
        api.MapGet(ApiRoutes.Operations, (HttpRequest request, OperationsHandler handler, CancellationToken ct) => handler.ListAsync(request, ct))
            .RequireAppRole(AppRoles.Read);

        api.MapGet(ApiRoutes.UserImmutableId, (HttpRequest request, string user, [FromServices] ImmutableIdHandler handler, CancellationToken ct) => handler.GetAsync(request, user, ct))
            .RequireAppRole(AppRoles.Read);
        api.MapPost(ApiRoutes.UserSync, (HttpRequest request, string user, [FromServices] SyncHandler handler, CancellationToken ct) => handler.PostAsync(request, user, ct))
            .RequireAppRole(AppRoles.Write);
        api.MapPost(ApiRoutes.Diagnoses, (HttpRequest request, [FromServices] DiagnosisHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct))
            .RequireAppRole(AppRoles.Read);

        // Writes: authorization, idempotency, the per-user lease and the audit context, in WriteGuard (as in the Functions host).
        api.MapPut(ApiRoutes.UserImmutableId, (HttpRequest request, string user, [FromServices] ImmutableIdHandler handler, [FromServices] WriteGuard guard, CancellationToken ct) =>
            guard.RunAsync(request, AppRoles.Write, AuditOperation.Set, user, (r, op, c) => handler.PutAsync(r, user, op, c), ct));
        api.MapDelete(ApiRoutes.UserImmutableId, (HttpRequest request, string user, [FromServices] ImmutableIdHandler handler, [FromServices] WriteGuard guard, CancellationToken ct) =>
            guard.RunAsync(request, AppRoles.Clear, AuditOperation.Clear, user, (r, op, c) => handler.DeleteAsync(r, user, op, c), ct));

        // The on-prem agent: the handler authorizes (ImmutableId.Agent only) and audits its refusals itself.
        api.MapPost(ApiRoutes.AgentBatches, (HttpRequest request, AgentBatchHandler handler, CancellationToken ct) => handler.PostAsync(request, ct));
        api.MapGet(ApiRoutes.Agents, (HttpRequest request, AgentsHandler handler, CancellationToken ct) => handler.ListAsync(request, ct))
            .RequireAppRole(AppRoles.Read);

        // Bulk jobs: Read on every route; the handler also requires Write (set) or Clear (clear) for a new job.
        api.MapPost(ApiRoutes.Jobs, (HttpRequest request, JobsHandler handler, CancellationToken ct) => handler.PostAsync(request, ct)).RequireAppRole(AppRoles.Read);
        api.MapGet(ApiRoutes.Jobs, (HttpRequest request, JobsHandler handler, CancellationToken ct) => handler.ListAsync(request, ct)).RequireAppRole(AppRoles.Read);
        api.MapGet(ApiRoutes.Job, (HttpRequest request, string id, JobsHandler handler, CancellationToken ct) => handler.GetAsync(request, id, ct)).RequireAppRole(AppRoles.Read);
        api.MapDelete(ApiRoutes.Job, (HttpRequest request, string id, JobsHandler handler, CancellationToken ct) => handler.CancelAsync(request, id, ct)).RequireAppRole(AppRoles.Read);
        api.MapGet(ApiRoutes.JobItems, (HttpRequest request, string id, JobsHandler handler, CancellationToken ct) => handler.ListItemsAsync(request, id, ct)).RequireAppRole(AppRoles.Read);
        api.MapGet(ApiRoutes.JobItemsCsv, (HttpRequest request, string id, JobsHandler handler, CancellationToken ct) => handler.ItemsCsvAsync(request, id, ct)).RequireAppRole(AppRoles.Read);

        // Anonymous by design: liveness, and the API's description.
        api.MapGet(ApiRoutes.Health, (HttpRequest request, HealthHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct));
        api.MapGet(ApiRoutes.OpenApiV3, (HttpRequest request, OpenApiHandler handler, CancellationToken ct) => handler.HandleV3Async(request, ct));
        api.MapGet(ApiRoutes.OpenApiV2, (HttpRequest request, OpenApiHandler handler, CancellationToken ct) => handler.HandleV2Async(request, ct));

        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Sandbox)
        {
            app.MapPost(ApiRoutes.SandboxToken, (HttpRequest request, SandboxTokenHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct));
        }

        return app;
    }
}
