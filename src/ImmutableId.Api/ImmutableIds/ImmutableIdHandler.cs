using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
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
/// on writes. The endpoints (<see cref="ImmutableIdsApi"/>) bind the user, the dry-run flag and the body; the handler
/// validates the rest before any directory is read and answers typed: an <see cref="ImmutableIdResponse"/> or a problem
/// with every blocker's code.
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

    /// <summary><c>GET</c>: both sides of <paramref name="user"/>, the match state, and every blocker a set would hit.</summary>
    /// <param name="user">The user, bound from the route.</param>
    /// <param name="caller">The caller the auth step admitted.</param>
    /// <param name="http">The request, for its problem details (instance, trace id) and trace id only.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<ImmutableIdResponse>> StatusAsync(UserKey user, ApiCaller caller, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(http);
        var result = await workflow.StatusAsync(user, OperationContexts.For(http, caller, timeProvider), cancellationToken).ConfigureAwait(false);
        LogOperation(logger, result.Operation, result.Outcome, result.CloudUser?.Id, Codes(result));
        if (result.Outcome is HardMatchOutcome.Failed or HardMatchOutcome.Refused ||
            (result.CloudUser is null && result.OnPremUser is null && !result.OnPremMatches.Any()))
        {
            return ApiAnswer<ImmutableIdResponse>.Refused(HardMatchProblems.Create(http, result));
        }

        return ImmutableIdResponse.From(result);
    }

    /// <summary><c>PUT</c>: hard match (or its dry run) of <paramref name="user"/>, under <paramref name="operation"/>'s identity.</summary>
    /// <param name="user">The user, bound from the route.</param>
    /// <param name="dryRun">True: every check and the exact change, nothing written.</param>
    /// <param name="body">The body as sent (every field optional).</param>
    /// <param name="ticketOutsideBody">The <c>X-Ticket-Id</c> header (else <c>?ticket=</c>): the ticket when the body has none.</param>
    /// <param name="operation">The operation the write guard opened.</param>
    /// <param name="http">The request, for its problem details (instance, trace id) only.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<ImmutableIdResponse>> SetAsync(
        UserKey user, bool dryRun, SetImmutableIdBody body, string? ticketOutsideBody, OperationContext operation, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(http);
        if (!TryParseSource(body.Source, out var source))
        {
            return Invalid(http, "InvalidSource", "Unknown anchor source", $"\"source\" must be auto, consistencyGuid or objectGuid; got '{Shorten(body.Source)}'. Omit it for auto (Entra Connect's rule).");
        }

        Guid? hint = null;
        if (!string.IsNullOrEmpty(body.ObjectGuid))
        {
            if (!UserKey.TryParseGuid(body.ObjectGuid, out var parsed) || parsed == Guid.Empty)
            {
                return Invalid(http, "InvalidObjectGuid", "objectGuid is not a GUID", "\"objectGuid\" must be the user's objectGUID as a GUID (35918bc9-196d-40ea-9779-889d79b753f0), or be omitted.");
            }

            hint = parsed;
        }

        var ticket = body.Ticket ?? ticketOutsideBody;
        if (InvalidText(http, ticket, body.Reason) is { } invalidText)
        {
            return ApiAnswer<ImmutableIdResponse>.Refused(invalidText);
        }

        // Every log line of the operation (ours, the workflow's adapters') carries its operation id and ticket.
        using var scope = OperationScope(logger, operation.OperationId, ticket);
        var result = await workflow.SetAsync(
            new SetImmutableIdRequest(user, source, hint, body.Replace ?? false, dryRun, ticket, body.Reason),
            operation,
            cancellationToken).ConfigureAwait(false);

        // After the workflow returns (its outcome is recorded): link the accounts now when Cloud Sync is configured.
        var provisioned = provisioning is null ? null : await provisioning.AfterSetAsync(result, operation.OperationId, cancellationToken).ConfigureAwait(false);
        return Answer(http, operation, result, provisioned);
    }

    /// <summary><c>DELETE</c>: clear (an explicit JSON null) of <paramref name="user"/>, or its dry run, under <paramref name="operation"/>'s identity.</summary>
    /// <param name="user">The user, bound from the route.</param>
    /// <param name="dryRun">True: every check, nothing written.</param>
    /// <param name="ticket">The ticket reference as sent, or null.</param>
    /// <param name="reason">Why, as sent, or null.</param>
    /// <param name="operation">The operation the write guard opened.</param>
    /// <param name="http">The request, for its problem details (instance, trace id) only.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<ImmutableIdResponse>> ClearAsync(
        UserKey user, bool dryRun, string? ticket, string? reason, OperationContext operation, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(http);
        if (InvalidText(http, ticket, reason) is { } invalidText)
        {
            return ApiAnswer<ImmutableIdResponse>.Refused(invalidText);
        }

        using var scope = OperationScope(logger, operation.OperationId, ticket);
        var result = await workflow.ClearAsync(new ClearImmutableIdRequest(user, dryRun, ticket, reason), operation, cancellationToken).ConfigureAwait(false);
        return Answer(http, operation, result);
    }

    private ApiAnswer<ImmutableIdResponse> Answer(HttpContext http, OperationContext operation, HardMatchResult result, SyncOutcome? provisioned = null)
    {
        // The workflow recorded this operation (refusal, dry run, outcome): its record's id goes with every answer.
        LogOperation(logger, result.Operation, result.Outcome, result.CloudUser?.Id, Codes(result));
        return result.IsBlocked
            ? ApiAnswer<ImmutableIdResponse>.Refused(HardMatchProblems.Create(http, result), operation.OperationId)
            : ApiAnswer<ImmutableIdResponse>.Ok(provisioned is null ? ImmutableIdResponse.From(result) : ImmutableIdResponse.From(result, provisioned), operation.OperationId);
    }

    private static IResult? InvalidText(HttpContext context, string? ticket, string? reason)
    {
        if (!TicketReference.IsValid(ticket))
        {
            return Problem(context, ProblemCodes.ValidationFailed, "Invalid ticket", TicketReference.Error);
        }

        if (reason is not null && (reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')))
        {
            return Problem(context, ProblemCodes.ValidationFailed, "Invalid reason", $"The reason must be at most {MaxReasonLength} characters without control characters.");
        }

        return null;
    }

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

    private static IResult Problem(HttpContext context, string code, string title, string detail) =>
        ApiProblem.Create(context, StatusCodes.Status400BadRequest, code, title, detail);

    private static ApiAnswer<ImmutableIdResponse> Invalid(HttpContext context, string code, string title, string detail) =>
        ApiAnswer<ImmutableIdResponse>.Refused(Problem(context, code, title, detail));

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length > 40 ? text[..40] + "…" : text;

    private static string Codes(HardMatchResult result) =>
        string.Join(",", result.Checks.Where(c => c.Verdict is GuardrailVerdict.Blocked or GuardrailVerdict.Warning).Select(c => c.Code));

    private static readonly Func<ILogger, Guid, string?, IDisposable?> OperationScope =
        LoggerMessage.DefineScope<Guid, string?>("Operation {OperationId}, ticket {Ticket}");

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "ImmutableId {Operation}: {Outcome} for cloud object {CloudObjectId}; codes [{Codes}]")]
    private static partial void LogOperation(ILogger logger, HardMatchOperation operation, HardMatchOutcome outcome, string? cloudObjectId, string codes);
}
