using System.Security.Cryptography;
using System.Text;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Http;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Api.Writes;

/// <summary>
/// The HTTP side of every set and clear (both hosts): authorize (a refused known caller is audited with the ticket
/// and reason it sent), build the <see cref="OperationContext"/> the workflow runs under, and the optional
/// <c>Idempotency-Key</c> (draft-ietf-httpapi-idempotency-key-header: same key + same request → stored response,
/// different request → 422, still running → 409; per caller, 24 h), released on every exit path. The per-user lease,
/// the caller's scope and the audit of the operation itself belong to the workflow, on the resolved user.
/// </summary>
public sealed partial class WriteGuard(
    ApiAuthorizer authorizer,
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
    public const int MaxTicketLength = 128;

    /// <summary>Runs <paramref name="handler"/> for a set or clear of <paramref name="user"/> under every protection.</summary>
    public async Task<IResult> RunAsync(
        HttpRequest request,
        string requiredRole,
        AuditOperation operation,
        string user,
        Func<HttpRequest, OperationContext, CancellationToken, Task<IResult>> handler,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(handler);
        var http = request.HttpContext;
        var ticketHeader = request.Headers[TicketHeader].ToString();
        if (ticketHeader.Length > MaxTicketLength)
        {
            return ApiProblem.Create(http, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Ticket too long",
                $"{TicketHeader} is at most {MaxTicketLength} characters.");
        }

        var decision = await authorizer.AuthorizeAsync(http, requiredRole, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            if (decision.Caller is { } refused)
            {
                // A known caller tried a write it may not do: that attempt is part of the record, with its ticket and reason.
                var refusedContext = OperationContexts.For(http, refused, timeProvider);
                var (ticket, reason, dryRun) = await WriteAnnotations.ReadAsync(request, cancellationToken).ConfigureAwait(false);
                await auditLog.WriteOutcomeAsync(HardMatchAudit.Refusal(refusedContext, operation, user, dryRun, ticket, reason,
                    ProblemCodes.InsufficientRole, $"The caller lacks {requiredRole}.", timeProvider.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
                http.Response.Headers[OperationIdHeader] = refusedContext.OperationId.ToString();
            }

            return decision.Denied!;
        }

        var caller = decision.Caller!;
        var context = OperationContexts.For(http, caller, timeProvider);
        IdempotencyKey? key = null;
        if (request.Headers.TryGetValue(IdempotencyKeyHeader, out var keyValues))
        {
            var (parsed, problem) = await ReadKeyAsync(request, keyValues.ToString(), caller, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var claim = await idempotency.ClaimAsync(parsed!, cancellationToken).ConfigureAwait(false);
            switch (claim.Status)
            {
                case IdempotencyClaimStatus.Replay:
                    LogReplayed(logger, caller.Identity.AppId);
                    return new StoredResponseResult(claim.Response!, replayed: true);
                case IdempotencyClaimStatus.Mismatch:
                    return ApiProblem.Create(http, StatusCodes.Status422UnprocessableEntity, ProblemCodes.IdempotencyKeyReused, "Idempotency key reused",
                        "This Idempotency-Key was already used for a different request (method, path, query or body). Use a new key for a new request.");
                case IdempotencyClaimStatus.InProgress:
                    http.Response.Headers.RetryAfter = "1";
                    return ApiProblem.Create(http, StatusCodes.Status409Conflict, ProblemCodes.IdempotencyKeyInProgress, "Request still running",
                        "The first request with this Idempotency-Key is still running. Retry the same request in a moment to get its answer.");
            }

            key = parsed;
        }

        // From here the claim (if any) is ours: it is completed with the answer or released, on every path —
        // cancellation and unexpected failures included — so a retry with the same key never waits on a dead claim.
        var settled = key is null;
        try
        {
            var result = await handler(request, context, cancellationToken).ConfigureAwait(false);
            var captured = await CaptureAsync(result, http).ConfigureAwait(false);
            if (key is not null && captured.StatusCode < 500 && !http.Response.Headers.ContainsKey("Retry-After"))
            {
                // Answers that ask for a retry (5xx, UserBusy, throttling: they carry Retry-After) are not replayed:
                // a retry with the same key runs again.
                await idempotency.CompleteAsync(key, captured, CancellationToken.None).ConfigureAwait(false);
                settled = true;
            }

            return new StoredResponseResult(captured, replayed: false);
        }
        finally
        {
            if (!settled)
            {
                await idempotency.ReleaseAsync(key!, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Validates the key and fingerprints the request: method, path, query and body bytes (the body is buffered for the handler).</summary>
    private static async Task<(IdempotencyKey? Key, IResult? Problem)> ReadKeyAsync(HttpRequest request, string raw, ApiCaller caller, CancellationToken cancellationToken)
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

        if (request.ContentLength > JsonBody.MaxBytes)
        {
            return (null, JsonBody.TooLarge(request.HttpContext));
        }

        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method.ToUpperInvariant()}\n{request.Path.Value}\n{request.QueryString.Value}\n"));
        var buffer = new byte[8192];
        long total = 0;
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > JsonBody.MaxBytes)
                {
                    return (null, JsonBody.TooLarge(request.HttpContext));
                }

                hash.AppendData(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return (null, JsonBody.Unreadable(request.HttpContext, ex));
        }

        request.Body.Position = 0;
        return (new IdempotencyKey(caller.Identity.ScopeKey, value, System.Convert.ToHexStringLower(hash.GetHashAndReset())), null);
    }

    /// <summary>Executes the handler's result into a buffer so it can be stored for replay (headers it sets stay on the response).</summary>
    private static async Task<StoredResponse> CaptureAsync(IResult result, HttpContext http)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await result.ExecuteAsync(http).ConfigureAwait(false);
        }
        finally
        {
            http.Response.Body = original;
        }

        var body = buffer.Length == 0 ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var operationId = http.Response.Headers[OperationIdHeader].ToString();
        return new StoredResponse(http.Response.StatusCode, http.Response.ContentType, body, operationId.Length == 0 ? null : operationId);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Idempotent replay for caller {AppId}")]
    private static partial void LogReplayed(ILogger logger, string appId);
}
