using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Sync;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Api.Diagnoses;

/// <summary>The Diagnoses feature's endpoints: route, role, gate, OpenAPI metadata and handler, declared once.</summary>
public static class DiagnosesApi
{
    /// <summary><c>POST</c>: a pasted sync error → its cause for this user and the fix as API calls.</summary>
    public const string Route = "diagnoses";

    /// <summary><c>POST</c> DiagnoseSyncError.</summary>
    public static ApiEndpoint<DiagnosisHandler> Diagnose { get; } = ApiEndpoint.Answering<DiagnosisHandler, DiagnosisResponse>(
        new ApiOperationDescription(
            "POST", DiagnosesApi.Route, "DiagnoseSyncError", ApiDescription.Users,
            "Diagnose a sync error",
            "Paste an error text or code from Entra Connect, Cloud Sync or the Entra admin center (InvalidSoftMatch, AttributeValueMustBeUnique, " +
            "the security-hardening hard match block, ObjectTypeMismatch, DataValidationFailed, FederatedDomainChangeError, InvalidHardMatch, " +
            "Existing Admin Role Conflict), plus the user when the text does not name one: the answer names the error (with its documented " +
            "source), its cause for this user from the user's status read now, and the fix as exact calls, dry run first. Writes nothing.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters: [],
            RequestBody: typeof(DiagnoseRequest),
            RequestBodyRequired: true,
            Responses:
            [
                new(200, "The recognised error, the cause for the user and the fix."),
                new(400, "The body is not valid: no text, a field too long, or a user that is not a UPN or objectGUID.",
                    ProblemCodes: [ProblemCodes.InvalidJson, ProblemCodes.MissingBody, ProblemCodes.ValidationFailed, "InvalidUser"]),
                new(403, "The user is outside the caller's scope.", ProblemCodes: [ProblemCodes.OutOfCallerScope]),
                new(413, "The body is larger than 64 KiB.", ProblemCodes: [ProblemCodes.RequestTooLarge]),
                new(415, "The body is not JSON.", ProblemCodes: [ProblemCodes.UnsupportedMediaType]),
                new(422, "The text is not a sync error this API knows; lookedFor lists what was looked for.", ProblemCodes: [ProblemCodes.SyncErrorNotRecognized]),
            ],
            RequiredBodyProperties: ["text"]
        ),
        DiagnoseAsync);

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [Diagnose];

    private static async Task<ApiAnswer<DiagnosisResponse>> DiagnoseAsync(DiagnosisHandler handler, ApiCall call)
    {
        var bind = new ApiBinder(call, Diagnose.Description);
        var body = await bind.BodyAsync<DiagnoseRequest>(call.CancellationToken).ConfigureAwait(false);
        return bind.Problem is { } problem
            ? ApiAnswer<DiagnosisResponse>.Refused(problem)
            : await handler.DiagnoseAsync(body!, call.RequiredCaller, call.Request.HttpContext, call.CancellationToken).ConfigureAwait(false);
    }
}
