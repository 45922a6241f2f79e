using ImmutableId.Api.Auth;
using ImmutableId.Api.Http;
using ImmutableId.Api.Sync;
using ImmutableId.Api.Writes;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Sync;
using ImmutableId.Core.Tickets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Api.ImmutableIds;

/// <summary>
/// <c>GET / PUT / DELETE /api/users/{user}/immutable-id</c>: status, set (hard match) and clear, with <c>?dryRun=true</c>
/// on writes. Input is validated before any directory is read; refusals are problems with every blocker's code.
/// With Sync:CloudSync configured, a set that wrote is followed by Cloud Sync provision on demand (<see cref="SetProvisioning"/>).
/// </summary>
public sealed partial class ImmutableIdHandler(
    HardMatchWorkflow workflow,
    TimeProvider timeProvider,
    ILogger<ImmutableIdHandler> logger,
    SetProvisioning? provisioning = null)
{
    /// <summary>The longest reason accepted.</summary>
    public const int MaxReasonLength = 1024;

    /// <summary>The header that may carry the ticket reference.</summary>
    public const string TicketHeader = WriteGuard.TicketHeader;

    /// <summary><c>GET</c>: both sides, the match state, and every blocker a set would hit.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string? user, ApiCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (InvalidUser(request.HttpContext, user, out var key) is { } invalid)
        {
            return invalid;
        }

        var result = await workflow.StatusAsync(key!, OperationContexts.For(request.HttpContext, caller, timeProvider), cancellationToken).ConfigureAwait(false);
        LogOperation(logger, result.Operation, result.Outcome, result.CloudUser?.Id, Codes(result));
        if (result.Outcome is HardMatchOutcome.Failed or HardMatchOutcome.Refused ||
            (result.CloudUser is null && result.OnPremUser is null && !result.OnPremMatches.Any()))
        {
            return HardMatchProblems.Create(request.HttpContext, result);
        }

        return Results.Json(ImmutableIdResponse.From(result), ApiJson.Options);
    }

    /// <summary><c>PUT</c>: hard match (or its dry run), under <paramref name="operation"/>'s identity.</summary>
    public async Task<WriteAnswer> PutAsync(HttpRequest request, string? user, OperationContext operation, RequestBody body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operation);
        var context = request.HttpContext;
        if (InvalidUser(context, user, out var key) is { } invalidUser)
        {
            return new WriteAnswer(invalidUser);
        }

        if (InvalidDryRun(request, out var dryRun) is { } invalidQuery)
        {
            return new WriteAnswer(invalidQuery);
        }

        SetImmutableIdBody sent = new(null, null, null, null, null);
        if (HasBody(request))
        {
            var (read, problem) = JsonBody.Parse<SetImmutableIdBody>(request, body);
            if (problem is not null)
            {
                return new WriteAnswer(problem);
            }

            sent = read!;
        }

        if (!TryParseSource(sent.Source, out var source))
        {
            return new WriteAnswer(Invalid(context, "InvalidSource", "Unknown anchor source", $"\"source\" must be auto, consistencyGuid or objectGuid; got '{Shorten(sent.Source)}'. Omit it for auto (Entra Connect's rule)."));
        }

        Guid? hint = null;
        if (!string.IsNullOrEmpty(sent.ObjectGuid))
        {
            if (!UserKey.TryParseGuid(sent.ObjectGuid, out var parsed) || parsed == Guid.Empty)
            {
                return new WriteAnswer(Invalid(context, "InvalidObjectGuid", "objectGuid is not a GUID", "\"objectGuid\" must be the user's objectGUID as a GUID (35918bc9-196d-40ea-9779-889d79b753f0), or be omitted."));
            }

            hint = parsed;
        }

        var ticket = sent.Ticket ?? WriteAnnotations.TicketOutsideBody(request);
        if (InvalidText(context, ticket, sent.Reason) is { } invalidText)
        {
            return new WriteAnswer(invalidText);
        }

        // Every log line of the operation (ours, the workflow's adapters') carries its operation id and ticket.
        using var scope = OperationScope(logger, operation.OperationId, ticket);
        var result = await workflow.SetAsync(
            new SetImmutableIdRequest(key!, source, hint, sent.Replace ?? false, dryRun, ticket, sent.Reason),
            operation,
            cancellationToken).ConfigureAwait(false);

        // After the workflow returns (its outcome is recorded): link the accounts now when Cloud Sync is configured.
        var provisioned = provisioning is null ? null : await provisioning.AfterSetAsync(result, operation.OperationId, cancellationToken).ConfigureAwait(false);
        return Answer(context, operation, result, provisioned);
    }

    /// <summary><c>DELETE</c>: clear (an explicit JSON null), or its dry run, under <paramref name="operation"/>'s identity.</summary>
    public async Task<WriteAnswer> DeleteAsync(HttpRequest request, string? user, OperationContext operation, RequestBody body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operation);
        var context = request.HttpContext;
        if (InvalidUser(context, user, out var key) is { } invalidUser)
        {
            return new WriteAnswer(invalidUser);
        }

        if (InvalidDryRun(request, out var dryRun) is { } invalidQuery)
        {
            return new WriteAnswer(invalidQuery);
        }

        ClearImmutableIdBody sent = new(null, null);
        if (HasBody(request))
        {
            var (read, problem) = JsonBody.Parse<ClearImmutableIdBody>(request, body);
            if (problem is not null)
            {
                return new WriteAnswer(problem);
            }

            sent = read!;
        }

        // Documented: ?ticket= and ?reason= (a DELETE needs no body); the body and X-Ticket-Id are still accepted.
        var ticket = sent.Ticket ?? WriteAnnotations.TicketOutsideBody(request);
        var reason = sent.Reason ?? (request.Query["reason"] is { Count: > 0 } r && !string.IsNullOrEmpty(r[0]) ? r[0] : null);
        if (InvalidText(context, ticket, reason) is { } invalidText)
        {
            return new WriteAnswer(invalidText);
        }

        using var scope = OperationScope(logger, operation.OperationId, ticket);
        var result = await workflow.ClearAsync(new ClearImmutableIdRequest(key!, dryRun, ticket, reason), operation, cancellationToken).ConfigureAwait(false);
        return Answer(context, operation, result);
    }

    private WriteAnswer Answer(HttpContext context, OperationContext operation, HardMatchResult result, SyncOutcome? provisioned = null)
    {
        // The workflow recorded this operation (refusal, dry run, outcome): its record's id goes with every answer.
        LogOperation(logger, result.Operation, result.Outcome, result.CloudUser?.Id, Codes(result));
        return new WriteAnswer(
            result.IsBlocked
                ? HardMatchProblems.Create(context, result)
                : Results.Json(provisioned is null ? ImmutableIdResponse.From(result) : ImmutableIdResponse.From(result, provisioned), ApiJson.Options),
            operation.OperationId);
    }

    private static IResult? InvalidUser(HttpContext context, string? user, out UserKey? key)
    {
        if (UserKey.TryParse(user, out key, out var error))
        {
            return null;
        }

        return Invalid(context, "InvalidUser", "The user is not a UPN or an objectGUID", error);
    }

    private static IResult? InvalidDryRun(HttpRequest request, out bool dryRun)
    {
        dryRun = false;
        var values = request.Query["dryRun"];
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count == 1 && bool.TryParse(values[0], out dryRun))
        {
            return null;
        }

        return Invalid(request.HttpContext, ProblemCodes.ValidationFailed, "Invalid dryRun", "dryRun must be true or false, given once.");
    }

    private static IResult? InvalidText(HttpContext context, string? ticket, string? reason)
    {
        if (!TicketReference.IsValid(ticket))
        {
            return Invalid(context, ProblemCodes.ValidationFailed, "Invalid ticket", TicketReference.Error);
        }

        if (reason is not null && (reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')))
        {
            return Invalid(context, ProblemCodes.ValidationFailed, "Invalid reason", $"The reason must be at most {MaxReasonLength} characters without control characters.");
        }

        return null;
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && (request.Headers.TransferEncoding.Count > 0 || !string.IsNullOrEmpty(request.ContentType)));

    private static bool TryParseSource(string? text, out AnchorSourcePreference source)
    {
        source = AnchorSourcePreference.Auto;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        foreach (var value in Enum.GetValues<AnchorSourcePreference>())
        {
            if (string.Equals(value.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                source = value;
                return true;
            }
        }

        return false;
    }

    private static IResult Invalid(HttpContext context, string code, string title, string detail) =>
        ApiProblem.Create(context, StatusCodes.Status400BadRequest, code, title, detail);

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length > 40 ? text[..40] + "…" : text;

    private static string Codes(HardMatchResult result) =>
        string.Join(",", result.Checks.Where(c => c.Verdict is GuardrailVerdict.Blocked or GuardrailVerdict.Warning).Select(c => c.Code));

    private static readonly Func<ILogger, Guid, string?, IDisposable?> OperationScope =
        LoggerMessage.DefineScope<Guid, string?>("Operation {OperationId}, ticket {Ticket}");

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "ImmutableId {Operation}: {Outcome} for cloud object {CloudObjectId}; codes [{Codes}]")]
    private static partial void LogOperation(ILogger logger, HardMatchOperation operation, HardMatchOutcome outcome, string? cloudObjectId, string codes);
}
