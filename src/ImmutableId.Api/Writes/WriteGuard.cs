using System.Security.Cryptography;
using System.Text;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Http;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Idempotency;
using ImmutableId.Core.Tickets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Api.Writes;

/// <summary>
/// The HTTP side of every set and clear (both hosts): authorize (a refused known caller is audited with the ticket
/// and reason it sent), build the <see cref="OperationContext"/> the workflow runs under, and the optional
/// <c>Idempotency-Key</c> (draft-ietf-httpapi-idempotency-key-header: same key + same request → stored response,
/// different request → 422, still running → 409; per caller, 24 h), released on every exit path. The body is read once,
/// here, and handed to the handler; the handler's answer comes back as a value (<see cref="WriteAnswer"/>), is sent as it
/// is and, when it is final, stored for replay from its typed value. The per-user lease,
/// the caller's scope and the audit of the operation itself belong to the workflow, on the resolved user.
/// </summary>
public sealed partial class WriteGuard(
    ApiAdmission admission,
    IIdempotencyStore idempotency,
    IAuditLog auditLog,
    TimeProvider timeProvider,
    ILogger<WriteGuard> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string TicketHeader = "X-Ticket-Id";
    public const string OperationIdHeader = "X-Operation-Id";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>Runs <paramref name="handler"/> for a set or clear of <paramref name="user"/> under every protection.</summary>
    public async Task<IResult> RunAsync(
        HttpRequest request,
        string requiredRole,
        AuditOperation operation,
        string user,
        Func<HttpRequest, OperationContext, RequestBody, CancellationToken, Task<WriteAnswer>> handler,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(handler);
        var http = request.HttpContext;
        var ticketHeader = request.Headers[TicketHeader].ToString();
        if (!TicketReference.IsValid(ticketHeader))
        {
            return ApiProblem.Create(http, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Invalid ticket", TicketReference.Error);
        }

        var decision = await admission.AdmitAsync(http, requiredRole, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            if (decision.Caller is { } refused)
            {
                // A known caller tried a write it may not do (role, scope, rate limit): that attempt is part of the record, with
                // its ticket, its reason and the code it was refused with.
                var refusedContext = OperationContexts.For(http, refused, timeProvider);
                var sent = WriteAnnotations.HasBody(request) ? await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false) : RequestBody.Empty;
                var (ticket, reason, dryRun) = WriteAnnotations.Read(request, sent);
                await auditLog.WriteOutcomeAsync(HardMatchAudit.Refusal(refusedContext, operation, user, dryRun, ticket, reason,
                    decision.RefusalCode ?? ProblemCodes.InsufficientRole, decision.RefusalReason ?? $"The caller lacks {requiredRole}.", timeProvider.GetUtcNow()),
                    CancellationToken.None).ConfigureAwait(false);
                return new WriteAnswerResult(new WriteAnswer(decision.Denied!, refusedContext.OperationId));
            }

            return decision.Denied!;
        }

        var caller = decision.Caller!;
        var context = OperationContexts.For(http, caller, timeProvider);

        // The body is read here, once: the idempotency fingerprint and the handler both take these bytes.
        var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        IdempotencyKey? key = null;
        if (request.Headers.TryGetValue(IdempotencyKeyHeader, out var keyValues))
        {
            var (parsed, problem) = ReadKey(request, keyValues.ToString(), caller, body);
            if (problem is not null)
            {
                return problem;
            }

            var claim = await idempotency.ClaimAsync(parsed!, cancellationToken).ConfigureAwait(false);
            switch (claim.Status)
            {
                case IdempotencyClaimStatus.Replay:
                    LogReplayed(logger, caller.Identity.AppId);
                    return new StoredAnswerResult(claim.Answer!, replayed: true);
                case IdempotencyClaimStatus.Mismatch:
                    return ApiProblem.Create(http, StatusCodes.Status422UnprocessableEntity, ProblemCodes.IdempotencyKeyReused, "Idempotency key reused",
                        "This Idempotency-Key was already used for a different request (method, path, query or body). Use a new key for a new request.");
                case IdempotencyClaimStatus.InProgress:
                    return new RetryAfterResult(ApiProblem.Create(http, StatusCodes.Status409Conflict, ProblemCodes.IdempotencyKeyInProgress, "Request still running",
                        "The first request with this Idempotency-Key is still running. Retry the same request in a moment to get its answer."), 1);
            }

            key = parsed;
        }

        // From here the claim (if any) is ours: it is completed with the answer or released, on every path —
        // cancellation and unexpected failures included — so a retry with the same key never waits on a dead claim.
        var settled = key is null;
        try
        {
            var answer = await handler(request, context, body, cancellationToken).ConfigureAwait(false);
            // Answers that ask for a retry (5xx; UserBusy and throttling, which are a RetryAfterResult) are not
            // replayed: a retry with the same key runs again. The answer is stored from its typed value.
            if (key is not null && StoredAnswers.From(answer, http) is { } stored)
            {
                await idempotency.CompleteAsync(key, stored, CancellationToken.None).ConfigureAwait(false);
                settled = true;

                // Sent as stored (serialized once): the first answer and every replay are the same bytes.
                return new StoredAnswerResult(stored, replayed: false);
            }

            return new WriteAnswerResult(answer);
        }
        finally
        {
            if (!settled)
            {
                await idempotency.ReleaseAsync(key!, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The write's body, read once (at most <see cref="JsonBody.MaxBytes"/>).</summary>
    private static Task<RequestBody> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken) =>
        RequestBody.ReadAsync(request, JsonBody.MaxBytes, cancellationToken);

    /// <summary>Validates the key and fingerprints the request: method, path, query and the body's bytes.</summary>
    private static (IdempotencyKey? Key, IResult? Problem) ReadKey(HttpRequest request, string raw, ApiCaller caller, RequestBody body)
    {
        // The draft defines the header as a Structured Field string ("…"); a bare token is accepted too.
        var value = raw.Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        if (value.Length is 0 or > MaxKeyLength || value.Any(c => c is < ' ' or > '~'))
        {
            return (null, ApiProblem.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemCodes.InvalidIdempotencyKey, "Invalid Idempotency-Key",
                $"Idempotency-Key must be 1 to {MaxKeyLength} printable ASCII characters, e.g. a UUID: Idempotency-Key: \"{Guid.NewGuid()}\"."));
        }

        if (body.TooLarge)
        {
            return (null, JsonBody.TooLarge(request.HttpContext));
        }

        if (body.Error is { } error)
        {
            return (null, JsonBody.Unreadable(request.HttpContext, error));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method.ToUpperInvariant()}\n{request.Path.Value}\n{request.QueryString.Value}\n"));
        hash.AppendData(body.Bytes.Span);
        return (new IdempotencyKey(caller.Identity.ScopeKey, value, System.Convert.ToHexStringLower(hash.GetHashAndReset())), null);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Idempotent replay for caller {AppId}")]
    private static partial void LogReplayed(ILogger logger, string appId);
}
