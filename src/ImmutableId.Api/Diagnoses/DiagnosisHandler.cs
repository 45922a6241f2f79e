using ImmutableId.Api.Auth;
using ImmutableId.Core.Tickets;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.Writes;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Core.Diagnoses;
using ImmutableId.Core.HardMatch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Api.Diagnoses;

/// <summary>
/// <c>POST /api/diagnoses</c>: a sync error text or code (plus an optional user) → the recognised error, its cause for
/// this user (the user's status is read now) and the fix as exact API calls, dry run first. Reads only; writes nothing.
/// </summary>
public sealed partial class DiagnosisHandler(HardMatchWorkflow workflow, TimeProvider timeProvider, ILogger<DiagnosisHandler> logger)
{
    /// <summary>The diagnosis of <c>{ text, user?, ticket? }</c>, or a problem (never a 500 for bad input).</summary>
    /// <param name="body">The request's body, bound by the endpoint.</param>
    /// <param name="caller">The caller the auth step admitted.</param>
    /// <param name="context">The request, for its problem details (instance, trace id) and trace id only.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<DiagnosisResponse>> DiagnoseAsync(DiagnoseRequest body, ApiCaller caller, HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(body.Text))
        {
            return Refused(ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "No error text",
                "Send \"text\": the error message or code as Entra Connect, Cloud Sync or the Entra admin center shows it (e.g. \"InvalidSoftMatch\" or the full export error)."));
        }

        if (body.Text.Length > SyncErrorCatalog.MaxTextLength || body.Ticket is { Length: > TicketReference.MaxLength })
        {
            return Refused(ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Field too long",
                $"\"text\" may hold at most {SyncErrorCatalog.MaxTextLength} characters and \"ticket\" {TicketReference.MaxLength}: paste the error itself."));
        }

        UserKey? bodyUser = null;
        if (!string.IsNullOrWhiteSpace(body.User))
        {
            if (!UserKey.TryParse(body.User, out var parsed, out var error))
            {
                return Refused(ApiProblem.Create(context, StatusCodes.Status400BadRequest, "InvalidUser", "The user is not a UPN or objectGUID", error!));
            }

            bodyUser = parsed;
        }

        var recognition = SyncErrorCatalog.Recognize(body.Text);
        if (recognition is null)
        {
            LogNotRecognized(logger, body.Text.Length);
            return Refused(ApiProblem.Create(context, StatusCodes.Status422UnprocessableEntity, ProblemCodes.SyncErrorNotRecognized, "Sync error not recognised",
                "The text matches none of the sync errors this API knows (InvalidSoftMatch, AttributeValueMustBeUnique, the security-hardening hard match block, ObjectTypeMismatch, DataValidationFailed, FederatedDomainChangeError, InvalidHardMatch, Existing Admin Role Conflict). Paste the error name or its full message text; for another error see https://learn.microsoft.com/entra/identity/hybrid/connect/tshoot-connect-sync-errors.",
                new Dictionary<string, object?> { ["lookedFor"] = SyncErrorCatalog.LookedFor }));
        }

        var (key, from) = bodyUser is not null ? (bodyUser, "body") : (FirstUser(recognition), "text");
        // The caller's scope is checked by the workflow on the resolved user, whatever name the text or body used.
        HardMatchResult? status = key is null ? null : await workflow.StatusAsync(key, OperationContexts.For(context, caller, timeProvider), cancellationToken).ConfigureAwait(false);
        if (status is { Outcome: HardMatchOutcome.Refused })
        {
            return Refused(HardMatchProblems.Create(context, status));
        }
        var (rule, cause, fix) = DiagnosisAdvisor.Advise(recognition, key?.ToString(), status, body.Ticket);
        LogDiagnosed(logger, rule.Kind.ToString(), key is not null, status?.MatchState.ToString());
        var statusView = status is null || (status.CloudUser is null && status.OnPremUser is null) ? null : ImmutableIdResponse.From(status);
        return new DiagnosisResponse(
                new DiagnosisResponse.ErrorView(rule.Kind.ToString(), rule.Title, rule.Meaning, rule.ImmutableIdFixes, recognition.Matched, recognition.Attribute, rule.Sources),
                [.. new[] { recognition.Rule }.Concat(recognition.AlsoPossible).Where(r => r.Kind != rule.Kind).Select(r => r.Kind.ToString())],
                key?.ToString(),
                key is null ? null : from,
                cause,
                fix,
                statusView);
    }

    private static ApiAnswer<DiagnosisResponse> Refused(IResult problem) => ApiAnswer<DiagnosisResponse>.Refused(problem);

    private static UserKey? FirstUser(SyncErrorRecognition recognition)
    {
        foreach (var candidate in recognition.UserPrincipalNames)
        {
            if (UserKey.TryParse(candidate, out var key, out _))
            {
                return key;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Diagnosis: {Kind}; user named {HasUser}; match state {MatchState}")]
    private static partial void LogDiagnosed(ILogger logger, string kind, bool hasUser, string? matchState);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Diagnosis: text of {Length} characters not recognised")]
    private static partial void LogNotRecognized(ILogger logger, int length);
}
